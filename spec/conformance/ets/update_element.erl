-module(update_element).
-export([main/1, id/1]).

%% update_element/3 on set and ordered_set: one {Pos, Value} or a list of
%% them (applied in order, so the last for a position wins; [] changes
%% nothing), true when the key is found and false when it is missing; an
%% ordered_set finds 1 by 1.0. badarg, with the object unchanged even when
%% an earlier pair of a list was fine: the key position (even with the
%% same value), a position past the end or 0, a malformed pair, and bag
%% and duplicate_bag tables.

id(X) -> X.

t(What, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [What, R]).

main(_) ->
    S = ets:new(s, [set]),
    true = ets:insert(S, id({c, 0, 10, x})),
    t("{2, a}", fun() -> ets:update_element(S, c, id({2, a})) end),
    t("list", fun() -> ets:update_element(S, c, id([{3, b}, {4, [c]}, {3, d}])) end),
    t("object", fun() -> ets:lookup(S, c) end),
    t("[]", fun() -> ets:update_element(S, c, id([])) end),
    t("missing key", fun() -> ets:update_element(S, id(missing), {2, a}) end),
    t("missing key, list", fun() -> ets:update_element(S, id(missing), [{2, a}, {3, b}]) end),
    t("key position", fun() -> ets:update_element(S, c, id({1, d})) end),
    t("key position, same key", fun() -> ets:update_element(S, c, id({1, c})) end),
    t("past the end", fun() -> ets:update_element(S, c, id({5, a})) end),
    t("position 0", fun() -> ets:update_element(S, c, id({0, a})) end),
    t("position a float", fun() -> ets:update_element(S, c, id({2.0, a})) end),
    t("list, second bad", fun() -> ets:update_element(S, c, id([{2, z}, {5, a}])) end),
    t("not a pair", fun() -> ets:update_element(S, c, id(x)) end),
    t("one-tuple", fun() -> ets:update_element(S, c, id({2})) end),
    t("improper list", fun() -> ets:update_element(S, c, id([{2, z} | x])) end),
    t("object unchanged", fun() -> ets:lookup(S, c) end),
    t("size", fun() -> ets:info(S, size) end),
    O = ets:new(o, [ordered_set]),
    true = ets:insert(O, id([{1, one, 1}, {2, two, 2}])),
    t("ordered 1.0", fun() -> ets:update_element(O, id(1.0), {2, uno}) end),
    t("ordered key position", fun() -> ets:update_element(O, 2, id({1, 2.0})) end),
    t("ordered list", fun() -> ets:update_element(O, 2, id([{3, 20}, {2, dos}])) end),
    t("ordered_set", fun() -> ets:tab2list(O) end),
    K = ets:new(k, [{keypos, 2}]),
    true = ets:insert(K, id({5, k, 7})),
    t("keypos 2, {1, 1}", fun() -> ets:update_element(K, k, id({1, 1})) end),
    t("keypos 2, {2, j}", fun() -> ets:update_element(K, k, id({2, j})) end),
    t("keypos 2, {3, [x]}", fun() -> ets:update_element(K, k, id({3, [x]})) end),
    t("keypos 2", fun() -> ets:lookup(K, k) end),
    lists:foreach(
      fun(Type) ->
              B = ets:new(b, [Type]),
              true = ets:insert(B, id({k, 1})),
              t(atom_to_list(Type), fun() -> ets:update_element(B, k, id({2, 2})) end),
              t(atom_to_list(Type) ++ ", missing key", fun() -> ets:update_element(B, j, id({2, 2})) end)
      end, id([bag, duplicate_bag])),
    ok.
