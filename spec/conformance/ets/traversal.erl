-module(traversal).
-export([main/1, id/1]).

%% first/next, last/prev, foldl/foldr and tab2list. An ordered_set is
%% walked in term order (forwards and backwards), next/prev of a key it
%% does not hold give the nearest key after/before it, and of the last or
%% first key '$end_of_table'. A set or bag is walked in an order of its
%% own, so the keys are collected and printed sorted: every key once,
%% the walk ending with '$end_of_table' whichever way it goes; next of a
%% key missing from an unfixed set is badarg. An empty table's first and
%% last are '$end_of_table'. foldl/foldr visit every object (in order in
%% an ordered_set: foldl ascending, foldr descending); an exception in
%% the fun comes out of the fold, which leaves the table unfixed.

id(X) -> X.

t(What, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [What, R]).

walk(_T, '$end_of_table', _Step) -> [];
walk(T, K, Step) -> [K | walk(T, ets:Step(T, K), Step)].

main(_) ->
    O = ets:new(o, [ordered_set]),
    Keys = id([3, 1, 2.5, b, a, {t}, "s", <<"bin">>, [l], 100000000000000000000]),
    true = ets:insert(O, [{K, v} || K <- Keys]),
    t("first/next", fun() -> walk(O, ets:first(O), next) end),
    t("last/prev", fun() -> walk(O, ets:last(O), prev) end),
    t("next 2", fun() -> ets:next(O, id(2)) end),
    t("prev 2", fun() -> ets:prev(O, id(2)) end),
    t("next 1.0", fun() -> ets:next(O, id(1.0)) end),
    t("prev 3.0", fun() -> ets:prev(O, id(3.0)) end),
    t("next 0", fun() -> ets:next(O, id(0)) end),
    t("prev of the first", fun() -> ets:prev(O, id(1)) end),
    t("next of the last", fun() -> ets:next(O, id(<<"bin">>)) end),
    t("next past the last", fun() -> ets:next(O, id(<<"z">>)) end),
    t("prev ab", fun() -> ets:prev(O, id(ab)) end),
    t("foldl", fun() -> ets:foldl(fun({K, _}, A) -> [K | A] end, [], O) end),
    t("foldr", fun() -> ets:foldr(fun({K, _}, A) -> [K | A] end, [], O) end),
    t("tab2list", fun() -> [K || {K, _} <- ets:tab2list(O)] end),
    E = ets:new(e, [ordered_set]),
    t("empty ordered_set", fun() -> {ets:first(E), ets:last(E), ets:tab2list(E)} end),
    t("empty ordered_set folds", fun() -> {ets:foldl(fun(X, A) -> [X | A] end, [], E),
                                          ets:foldr(fun(X, A) -> [X | A] end, [], E)} end),
    S = ets:new(s, [set]),
    true = ets:insert(S, [{N, N * 10} || N <- lists:seq(1, 20)] ++ [{a, 0}, {{b}, 0}]),
    t("set first/next", fun() -> lists:sort(walk(S, ets:first(S), next)) end),
    t("set last/prev", fun() -> lists:sort(walk(S, ets:last(S), prev)) end),
    t("set next of the last visited", fun() ->
                                              Ks = walk(S, ets:first(S), next),
                                              ets:next(S, lists:last(Ks))
                                      end),
    t("set next of a missing key", fun() -> ets:next(S, id(missing)) end),
    t("set foldl sum", fun() -> ets:foldl(fun({_, V}, A) -> V + A end, 0, S) end),
    t("set foldr", fun() -> lists:sort(ets:foldr(fun({K, _}, A) -> [K | A] end, [], S)) end),
    t("set tab2list", fun() -> lists:sort(ets:tab2list(S)) end),
    ES = ets:new(es, [set]),
    t("empty set", fun() -> {ets:first(ES), ets:last(ES), ets:tab2list(ES)} end),
    B = ets:new(b, [bag]),
    true = ets:insert(B, id([{k, 1}, {k, 2}, {j, 1}, {i, 1}, {i, 2}, {i, 3}])),
    t("bag keys", fun() -> lists:sort(walk(B, ets:first(B), next)) end),
    t("bag foldl", fun() -> lists:sort(ets:foldl(fun(X, A) -> [X | A] end, [], B)) end),
    t("bag tab2list", fun() -> lists:sort(ets:tab2list(B)) end),
    t("error in foldl", fun() -> ets:foldl(fun(_, _) -> error(boom) end, [], S) end),
    t("fixed after", fun() -> ets:info(S, safe_fixed) end),
    t("throw in foldr", fun() -> ets:foldr(fun(_, _) -> throw(boom) end, [], O) end),
    t("fixed after", fun() -> ets:info(O, safe_fixed) end),
    ok.
