%% Calling funs of zero to four arguments, with and without free variables.
-module(fun_arities).
-export([main/1, id/1]).

main(_) ->
    Z = id(z),
    F0 = id(fun() -> zero end),
    F1 = id(fun(A) -> {one, A} end),
    F3 = id(fun(A, B, C) -> [A, B, C, Z] end),
    F4 = id(fun(A, B, C, D) -> A + B + C + D end),
    p(F0()),
    p(F1(x)),
    p(F3(1, 2, 3)),
    p(F4(1, 2, 3, 4)),
    p((id(fun(X) -> X * 2 end))(21)).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
