%% ~p breaks a list too long for one 80-column line over several lines;
%% ~w never does.
-module(print_long_list_wraps).
-export([main/1, id/1]).

main(_) ->
    L = lists:seq(1, id(40)),
    io:format("~p~n", [L]),
    io:format("~w~n", [L]).

id(X) -> X.
