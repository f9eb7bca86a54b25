%% OTP's maps functions that walk a map through an iterator (fold, filter,
%% map, foreach, iterator/next) run on girder over erts_internal:map_next/3,
%% in key order as OTP walks a small map; a non-map raises badmap. A large
%% map is walked a part at a time (erl's order differs there, so only
%% what does not depend on the order is shown), and a fold that throws
%% stops where it is.
-module(map_iterators).
-export([main/1]).

main(_) ->
    M = id(#{c => 3, a => 1, b => 2}),
    show(fun() -> maps:fold(fun(K, V, Acc) -> [{K, V} | Acc] end, [], M) end),
    show(fun() -> maps:filter(fun(_, V) -> V > 1 end, M) end),
    show(fun() -> maps:map(fun(_, V) -> V * 10 end, M) end),
    show(fun() -> maps:foreach(fun(K, V) -> self() ! {K, V} end, M), drain([]) end),
    show(fun() -> I = maps:iterator(M), {K, V, I2} = maps:next(I), {K, V, maps:next(I2)} end),
    show(fun() -> maps:next(maps:iterator(#{})) end),
    show(fun() -> maps:fold(fun(K, V, Acc) -> Acc + K + V end, 0, maps:from_list([{N, N} || N <- lists:seq(1, 100)])) end),
    show(fun() -> maps:fold(fun(_, _, A) -> A end, 0, id(not_a_map)) end),
    show(fun() -> maps:filter(fun(_, _) -> true end, id([1])) end),
    Big = id(maps:from_list([{N, N * 2} || N <- lists:seq(1, 1000)])),
    show(fun() -> walk(maps:next(maps:iterator(Big)), 0, 0) end),
    show(fun() -> maps:fold(fun(500, V, _) -> throw({found, V}); (_, _, A) -> A + 1 end, 0, Big) end),
    show(fun() -> maps:size(maps:filter(fun(K, _) -> K rem 3 =:= 0 end, Big)) end),
    ok.

walk(none, Steps, Sum) -> {Steps, Sum};
walk({K, V, I}, Steps, Sum) -> walk(maps:next(I), Steps + 1, Sum + K + V).

drain(Acc) ->
    receive X -> drain([X | Acc]) after 0 -> lists:reverse(Acc) end.

id(X) -> X.

show(F) ->
    io:format("~p~n", [try {ok, F()} catch Class:Reason -> {Class, Reason} end]).
