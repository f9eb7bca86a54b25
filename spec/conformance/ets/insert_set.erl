-module(insert_set).
-export([main/1, id/1]).

%% insert/2 and insert_new/2 on set and ordered_set, with one tuple and
%% with a list of tuples: insert replaces the object of an existing key
%% (the last of a list wins), insert_new inserts nothing and gives false
%% when any key of its list is present; an empty list is true. A set tells
%% keys apart with =:= (1 and 1.0 are two keys), an ordered_set with ==
%% (1 and 1.0 are one key, and the object inserted last is kept). A term
%% that is not a tuple, a tuple shorter than the key position, or an
%% improper list is badarg and inserts nothing. Sets are printed sorted;
%% ordered_set in its own order.

id(X) -> X.

t(What, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [What, R]).

sorted(T) -> lists:sort(ets:tab2list(T)).

main(_) ->
    S = ets:new(s, [set]),
    t("insert one", fun() -> ets:insert(S, {a, 1}) end),
    t("replace", fun() -> ets:insert(S, {a, 2}), ets:lookup(S, a) end),
    t("insert list", fun() -> ets:insert(S, id([{b, 1}, {c, 1}, {b, 2}])) end),
    t("set", fun() -> sorted(S) end),
    t("insert []", fun() -> ets:insert(S, id([])) end),
    t("insert_new new key", fun() -> ets:insert_new(S, {d, 1}) end),
    t("insert_new old key", fun() -> ets:insert_new(S, {d, 2}) end),
    t("d", fun() -> ets:lookup(S, d) end),
    t("insert_new list, one key present", fun() -> ets:insert_new(S, id([{e, 1}, {a, 9}])) end),
    t("e", fun() -> ets:lookup(S, e) end),
    t("insert_new list", fun() -> ets:insert_new(S, id([{e, 1}, {f, 1}])) end),
    t("insert_new []", fun() -> ets:insert_new(S, id([])) end),
    t("size", fun() -> ets:info(S, size) end),
    t("set 1 and 1.0", fun() -> ets:insert(S, id([{1, int}, {1.0, float}])), {ets:lookup(S, 1), ets:lookup(S, 1.0)} end),
    t("size", fun() -> ets:info(S, size) end),
    t("insert not a tuple", fun() -> ets:insert(S, id(x)) end),
    t("insert {}", fun() -> ets:insert(S, id({})) end),
    t("insert list with a non-tuple", fun() -> ets:insert(S, id([{g, 1}, x])) end),
    t("insert improper list", fun() -> ets:insert(S, id([{g, 1} | x])) end),
    t("insert_new list with a non-tuple", fun() -> ets:insert_new(S, id([{g, 1}, x])) end),
    t("g", fun() -> ets:lookup(S, g) end),
    t("set", fun() -> sorted(S) end),
    K = ets:new(k, [{keypos, 3}]),
    t("keypos 3", fun() -> ets:insert(K, id([{r, 1, key}, {r, 2, key}, {r, 3, other}])), sorted(K) end),
    t("keypos 3, short tuple", fun() -> ets:insert(K, id({r, 1})) end),
    t("keypos 3, short tuple insert_new", fun() -> ets:insert_new(K, id({r, 1})) end),
    O = ets:new(o, [ordered_set]),
    t("ordered_set list", fun() -> ets:insert(O, id([{3, c}, {1, a}, {2, b}, {z, atom}, {"s", string}, {0.5, half}])) end),
    t("ordered_set", fun() -> ets:tab2list(O) end),
    t("ordered 1.0 replaces 1", fun() -> ets:insert(O, id({1.0, float})), ets:lookup(O, 1) end),
    t("lookup 2.0", fun() -> ets:lookup(O, 2.0) end),
    t("insert_new 3.0", fun() -> ets:insert_new(O, id({3.0, x})) end),
    t("insert_new [4, 4.0]", fun() -> ets:insert_new(O, id([{4, x}, {4.0, y}])) end),
    t("ordered_set", fun() -> ets:tab2list(O) end),
    t("size", fun() -> ets:info(O, size) end),
    ok.
