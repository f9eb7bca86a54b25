%% div truncates toward zero and rem takes the sign of the dividend, for
%% every combination of signs.
-module(div_rem_signs).
-export([main/1, id/1]).

main(_) ->
    lists:foreach(fun({A, B}) -> io:format("~p div ~p = ~p, ~p rem ~p = ~p~n", [A, B, A div B, A, B, A rem B]) end,
                  id([{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {6, 3}, {-6, 3}, {0, 5}, {1, 7}, {-1, 7}])).

id(X) -> X.
