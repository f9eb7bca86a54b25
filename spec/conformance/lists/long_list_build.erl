%% Building, reversing, sorting and summing a list of 5,000 elements
%% (the heap grows and is collected along the way).
-module(long_list_build).
-export([main/1, id/1]).

main(_) ->
    N = id(5000),
    L = build(N, []),
    p(length(L)),
    p(lists:sum(L)),
    R = lists:reverse(L),
    p({hd(R), lists:last(R)}),
    S = lists:sort(R),
    p(S =:= L),
    p(lists:sum(lists:map(fun(X) -> X * 2 end, L))).

build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, [N | Acc]).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
