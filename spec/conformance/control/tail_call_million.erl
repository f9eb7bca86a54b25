%% A tail-recursive loop of 1,000,000 iterations runs in constant stack:
%% call_only to itself, and call_last from a function with a frame.
-module(tail_call_million).
-export([main/1, id/1]).

main(_) ->
    p(count(id(1000000), 0)),
    p(walk(id(1000000), 0)).

count(0, Acc) -> Acc;
count(N, Acc) -> count(N - 1, Acc + 1).

walk(0, Acc) -> Acc;
walk(N, Acc) ->
    Step = step(N),
    walk(N - 1, Acc + Step).

step(N) -> N rem 3.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
