%% Body recursion 10,000 calls deep: the stack grows as needed and every
%% frame's values survive.
-module(deep_body_recursion).
-export([main/1, id/1]).

main(_) ->
    p(depth(id(10000))),
    L = build(id(10000)),
    p({length(L), hd(L), lists:last(L)}).

depth(0) -> 0;
depth(N) -> 1 + depth(N - 1).

build(0) -> [];
build(N) -> [N | build(N - 1)].

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
