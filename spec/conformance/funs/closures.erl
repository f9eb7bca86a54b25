%% Funs capture the values of free variables when they are made; each
%% closure keeps its own copy.
-module(closures).
-export([main/1, id/1]).

main(_) ->
    A = id(10), B = id("text"),
    F = fun(X) -> {X, A, B} end,
    p(F(1)),
    Adders = [adder(N) || N <- id([1, 2, 3])],
    p([G(1000) || G <- Adders]),
    Counter = fun(N) -> fun() -> N + 1 end end,
    C1 = Counter(id(41)),
    p(C1()),
    Big = id(18446744073709551616),
    p((fun(Y) -> Y - Big end)(id(18446744073709551617))).

adder(N) -> fun(X) -> X + N end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
