%% Maps print as #{K => V,...} with their keys in term order, whatever
%% order they were built in.
-module(print_maps).
-export([main/1, id/1]).

main(_) ->
    Terms = id([#{}, #{a => 1}, #{b => 2, a => 1}, #{1 => a, a => b, "s" => c, {t} => d, [] => e, 2.5 => f},
                #{k => #{inner => [1, 2]}}, #{{1, 2} => <<"v">>}]),
    lists:foreach(fun(T) -> io:format("~p ~w~n", [T, T]) end, Terms),
    io:format("~p~n", [maps:put(c, 3, maps:put(a, 1, maps:put(b, 2, id(#{}))))]).

id(X) -> X.
