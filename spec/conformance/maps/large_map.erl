%% A map of 200 keys: built from a list and one put at a time, looked up,
%% updated and removed from; listed in key order after sorting.
-module(large_map).
-export([main/1, id/1]).

main(_) ->
    N = id(200),
    M1 = maps:from_list([{I, I * I} || I <- lists:seq(1, N)]),
    M2 = build(N, #{}),
    p(map_size(M1)),
    p(M1 =:= M2),
    p({maps:get(1, M1), maps:get(150, M1), maps:get(200, M2)}),
    M3 = M1#{100 := updated, 201 => new},
    p({maps:get(100, M3), maps:get(201, M3), map_size(M3)}),
    M4 = maps:remove(50, M3),
    p({maps:is_key(50, M4), map_size(M4)}),
    p(lists:sum(maps:values(M1))),
    p(lists:sum(lists:sort(maps:keys(M1)))).

build(0, M) -> M;
build(I, M) -> build(I - 1, M#{I => I * I}).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
