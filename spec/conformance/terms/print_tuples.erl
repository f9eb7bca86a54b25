%% Tuples print in braces, nested and empty, under ~p and ~w.
-module(print_tuples).
-export([main/1, id/1]).

main(_) ->
    Terms = id([{}, {a}, {a, {b, c}}, {{{}}}, {1, "two", [3], {4.0}}, {'EXIT', normal}]),
    lists:foreach(fun(T) -> io:format("~p ~w~n", [T, T]) end, Terms).

id(X) -> X.
