%% self/0 is a pid, alive, and among processes/0.
-module(self_and_alive).
-export([main/1, id/1]).

main(_) ->
    Self = self(),
    p({is_pid(Self), is_process_alive(Self), lists:member(Self, processes())}),
    p(try is_process_alive(id(not_a_pid)) catch C:R -> {C, R} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
