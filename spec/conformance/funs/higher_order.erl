%% Funs returning funs and funs taking funs: composition, currying and a
%% fun applied to itself for recursion.
-module(higher_order).
-export([main/1, id/1]).

main(_) ->
    Compose = fun(F, G) -> fun(X) -> F(G(X)) end end,
    Inc = fun(X) -> X + 1 end,
    Dbl = fun(X) -> X * 2 end,
    p((Compose(Inc, Dbl))(id(5))),
    p((Compose(Dbl, Inc))(id(5))),
    Curry = fun(A) -> fun(B) -> fun(C) -> A * 100 + B * 10 + C end end end,
    p(((Curry(1))(2))(id(3))),
    Fact = fun(Self, N) -> case N of 0 -> 1; _ -> N * Self(Self, N - 1) end end,
    p(Fact(Fact, id(20))),
    p(lists:map(Compose(Inc, Inc), id([1, 2, 3]))).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
