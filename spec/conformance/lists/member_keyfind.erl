%% lists:member/2 compares exactly; lists:keyfind/3 finds the first tuple
%% whose N-th element equals (==) the key, or false.
-module(member_keyfind).
-export([main/1, id/1]).

main(_) ->
    L = id([a, 1, {b}, "s"]),
    p([lists:member(X, L) || X <- [a, 1, 1.0, {b}, "s", z]]),
    p(lists:member(a, id([]))),
    KV = id([{a, 1}, {b, 2}, {a, 3}, {1, one}, {x}]),
    p(lists:keyfind(a, 1, KV)),
    p(lists:keyfind(b, 1, KV)),
    p(lists:keyfind(3, 2, KV)),
    p(lists:keyfind(1.0, 1, KV)),
    p(lists:keyfind(zz, 1, KV)),
    p(lists:keyfind(x, 1, KV)).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
