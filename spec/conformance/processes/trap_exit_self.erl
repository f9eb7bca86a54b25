%% process_flag(trap_exit, Bool) returns the old value; while trapping, an
%% exit signal sent to oneself arrives as an {'EXIT', Pid, Reason} message.
-module(trap_exit_self).
-export([main/1, id/1]).

main(_) ->
    p(process_flag(trap_exit, true)),
    p(process_flag(trap_exit, true)),
    exit(self(), id(boom)),
    receive {'EXIT', From, Reason} -> p({exit_message, From =:= self(), Reason}) end,
    p(process_flag(trap_exit, false)),
    p(try process_flag(id(no_such_flag), true) catch C:R -> {C, R} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
