%% Catching exceptions in a loop of 10,000 iterations leaves no handlers
%% behind and does not grow the stack.
-module(catch_in_loop).
-export([main/1, id/1]).

main(_) ->
    p(loop(id(10000), 0)),
    p(catch_loop(id(10000), 0)).

loop(0, Acc) -> Acc;
loop(N, Acc) ->
    V = try maybe_throw(N) catch throw:T -> T end,
    loop(N - 1, Acc + V).

catch_loop(0, Acc) -> Acc;
catch_loop(N, Acc) -> catch_loop(N - 1, Acc + (catch maybe_throw(N))).

maybe_throw(N) when N rem 2 =:= 0 -> throw(2);
maybe_throw(_) -> 1.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
