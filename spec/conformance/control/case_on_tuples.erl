%% A case on tuples of different sizes and tags: dispatch on the arity,
%% then on the tag.
-module(case_on_tuples).
-export([main/1, id/1]).

main(_) ->
    p([shape(id(T)) || T <- [{circle, 2}, {rect, 2, 3}, {square, 4}, {point}, {tri, 1, 2, 3}, {}, notatuple, {rect, a}]]).

shape({circle, R}) -> {circle, R * R * 3};
shape({square, S}) -> {square, S * S};
shape({rect, W, H}) -> {rect, W * H};
shape({point}) -> point;
shape({tri, A, B, C}) -> {tri, A + B + C};
shape(_) -> unknown.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
