%% A fun whose clauses do not match its arguments raises function_clause.
-module(fun_function_clause).
-export([main/1, id/1]).

main(_) ->
    F = id(fun(1) -> one; (2) -> two end),
    p(F(2)),
    p(try F(3) catch C:R -> {C, R} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
