%% tuple_to_list/1 and list_to_tuple/1, both ways, empty and nested;
%% list_to_tuple of an improper list is badarg.
-module(tuple_list_conversion).
-export([main/1, id/1]).

main(_) ->
    p(tuple_to_list(id({a, {b}, [c]}))),
    p(tuple_to_list(id({}))),
    p(list_to_tuple(id([1, "two", 3.0]))),
    p(list_to_tuple(id([]))),
    p(list_to_tuple(tuple_to_list(id({x, y, z})))),
    p(try list_to_tuple(id([a | b])) catch C:R -> {C, R} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
