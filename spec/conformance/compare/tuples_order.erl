%% Tuples are ordered by size first, then element by element.
-module(tuples_order).
-export([main/1, id/1]).

main(_) ->
    p({id({2}) < id({1, 1}), id({1, a}) < id({1, b}), id({}) < id({0}), id({a, {b, 1}}) < id({a, {b, 2}})}),
    p(lists:sort(id([{b}, {a, z}, {a, a}, {}, {c, c, c}, {1, 2}]))),
    p({id({1, 2}) == id({1.0, 2}), id({1, 2}) =:= id({1.0, 2})}).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
