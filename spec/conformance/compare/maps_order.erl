%% Maps are ordered by size, then by their keys in term order, then by the
%% values in key order.
-module(maps_order).
-export([main/1, id/1]).

main(_) ->
    p({id(#{}) < id(#{a => 1}), id(#{z => 1}) < id(#{a => 1, b => 2}), id(#{a => 1}) < id(#{a => 2}), id(#{a => 2}) < id(#{b => 1})}),
    p(lists:sort(id([#{b => 1}, #{a => 2}, #{a => 1}, #{}, #{a => 1, b => 1}]))),
    p({id(#{a => 1}) == id(#{a => 1.0}), id(#{a => 1}) =:= id(#{a => 1.0})}),
    p(id(#{1 => a}) == id(#{1.0 => a})).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
