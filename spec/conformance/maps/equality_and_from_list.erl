%% Maps built in different orders are equal; from_list keeps the last
%% value of a repeated key; to_list lists pairs in key order.
-module(equality_and_from_list).
-export([main/1, id/1]).

main(_) ->
    A = id(#{a => 1, b => 2, c => 3}),
    B = maps:from_list(id([{c, 3}, {a, 1}, {b, 2}])),
    C = maps:put(b, 2, maps:put(c, 3, maps:put(a, 1, id(#{})))),
    p({A =:= B, B =:= C, A == C}),
    p(maps:from_list(id([{k, 1}, {k, 2}, {j, 0}, {k, 3}]))),
    p(maps:to_list(id(#{z => 1, 10 => 2, "s" => 3, 1.5 => 4}))),
    p(maps:from_list(id([]))).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
