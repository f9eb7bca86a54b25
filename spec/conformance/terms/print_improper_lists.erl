%% Improper lists print with a | before the tail, under ~p and ~w.
-module(print_improper_lists).
-export([main/1, id/1]).

main(_) ->
    Terms = id([[1 | 2], [a, b | c], [[] | []], [1 | {x}], [$a | $b], [[1, 2] | 3], [1, [2 | 3]]]),
    lists:foreach(fun(T) -> io:format("~p ~w~n", [T, T]) end, Terms).

id(X) -> X.
