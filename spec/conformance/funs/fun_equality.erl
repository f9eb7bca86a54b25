%% Two funs made by the same code with equal free variables are equal;
%% different free variables or different code make them differ.
-module(fun_equality).
-export([main/1, id/1]).

main(_) ->
    A1 = adder(id(1)), A1b = adder(id(1)), A2 = adder(id(2)),
    p({A1 =:= A1b, A1 == A1b, A1 =:= A2}),
    M = multiplier(id(1)),
    p(A1 =:= M),
    p({fun id/1 =:= fun id/1, is_function(A1, 1)}).

adder(N) -> fun(X) -> X + N end.
multiplier(N) -> fun(X) -> X * N end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
