%% Binaries print as <<...>>: ~p shows printable ones as strings, ~w shows
%% the bytes.
-module(print_binaries).
-export([main/1, id/1]).

main(_) ->
    Terms = id([<<>>, <<"abc">>, <<1, 2, 3>>, <<"a\nb">>, <<"ab", 0>>, <<"say \"hi\"">>]),
    lists:foreach(fun(T) -> io:format("~p ~w~n", [T, T]) end, Terms).

id(X) -> X.
