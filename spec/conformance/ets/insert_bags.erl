-module(insert_bags).
-export([main/1, id/1]).

%% insert/2 and insert_new/2 on bag and duplicate_bag: a bag keeps one
%% copy of each object (objects compared with =:=, so {k, 1} and {k, 1.0}
%% are two) and a duplicate_bag every copy; objects inserted one by one
%% are looked up in the order they were inserted; insert_new gives false
%% when the key is present with any object; size counts objects, not
%% keys. Lists inserted at once are printed sorted (never 1 and 1.0 in one
%% list sorted, whose order would depend on the table's).

id(X) -> X.

t(What, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [What, R]).

main(_) ->
    lists:foreach(fun(Type) -> run(Type) end, id([bag, duplicate_bag])).

run(Type) ->
    io:format("~p~n", [Type]),
    B = ets:new(b, [Type]),
    One = fun(O) -> true = ets:insert(B, O) end,
    lists:foreach(One, id([{k, 1}, {k, 2}, {k, 1}, {k, 1.0}, {k, 3}, {j, 1}])),
    t("one by one, k", fun() -> ets:lookup(B, k) end),
    t("one by one, j", fun() -> ets:lookup(B, j) end),
    t("size", fun() -> ets:info(B, size) end),
    t("insert list", fun() -> ets:insert(B, id([{m, 2}, {m, 1}, {m, 2}, {n, 1}])) end),
    t("m sorted", fun() -> lists:sort(ets:lookup(B, m)) end),
    t("size", fun() -> ets:info(B, size) end),
    t("insert_new, key present", fun() -> ets:insert_new(B, id({n, 5})) end),
    t("insert_new, same object", fun() -> ets:insert_new(B, id({n, 1})) end),
    t("insert_new list, a key present", fun() -> ets:insert_new(B, id([{p, 1}, {n, 5}])) end),
    t("p", fun() -> ets:lookup(B, p) end),
    t("insert_new list", fun() -> ets:insert_new(B, id([{p, 1}, {q, 1}, {p, 2}])) end),
    t("p sorted", fun() -> lists:sort(ets:lookup(B, p)) end),
    t("member", fun() -> [ets:member(B, X) || X <- [k, j, m, n, p, q, r]] end),
    t("all but k, sorted", fun() -> lists:sort([O || {K, _} = O <- ets:tab2list(B), K =/= k]) end),
    t("size", fun() -> ets:info(B, size) end),
    t("insert non-tuple", fun() -> ets:insert(B, id([{r, 1}, r])) end),
    t("r", fun() -> ets:lookup(B, r) end).
