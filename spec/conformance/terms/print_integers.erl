%% Integers print in decimal, small and big, positive and negative.
-module(print_integers).
-export([main/1, id/1]).

main(_) ->
    Terms = id([0, -1, 42, 576460752303423487, 576460752303423488, -576460752303423489, 18446744073709551616,
                -1267650600228229401496703205376, 1000000000000000000000000000000]),
    lists:foreach(fun(T) -> io:format("~p ~w~n", [T, T]) end, Terms).

id(X) -> X.
