%% Calling a function with arguments no clause accepts raises
%% function_clause.
-module(function_clause).
-export([main/1, id/1]).

main(_) ->
    p(try f(id(3)) catch C1:R1 -> {C1, R1} end),
    p(try g(id(a), id(b)) catch C2:R2 -> {C2, R2} end),
    p({f(id(1)), g(id(1), id(2))}).

f(1) -> one;
f(2) -> two.

g(X, Y) when is_integer(X), is_integer(Y) -> X + Y.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
