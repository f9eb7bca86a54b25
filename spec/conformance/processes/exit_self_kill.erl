%% exit(self(), Reason) with a reason other than normal ends the process
%% even in the middle of a function (when not trapping exits).
-module(exit_self_kill).
-export([main/1, id/1]).

main(_) ->
    io:format("before~n"),
    exit(self(), id(shutdown)),
    io:format("after~n").

id(X) -> X.
