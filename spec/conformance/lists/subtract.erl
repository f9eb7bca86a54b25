%% -- removes the first occurrence of each element of the right list from
%% the left, comparing exactly.
-module(subtract).
-export([main/1, id/1]).

main(_) ->
    p(id([1, 2, 3, 2, 1]) -- id([2, 1])),
    p(id([a, b, c]) -- id([d])),
    p(id([1, 1.0, 1]) -- id([1])),
    p(id("hello world") -- id("lo")),
    p(id([]) -- id([a])),
    p(id([x, y]) -- id([])),
    p(try id([1 | 2]) -- id([1]) catch C:R -> {C, R} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
