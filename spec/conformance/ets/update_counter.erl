-module(update_counter).
-export([main/1, id/1]).

%% update_counter/3,4: an increment of the element after the key, {Pos,
%% Incr}, {Pos, Incr, Threshold, SetValue} (past the threshold upwards for
%% a positive increment, downwards for a negative one, the element becomes
%% SetValue), a list of operations (their results in order; [] gives []),
%% counters growing into bignums; update_counter/4 inserts its default
%% object (with the key put in place of the default's) when the key is
%% missing and ignores it otherwise. badarg, with the table unchanged even
%% when an earlier operation of a list was fine: a missing key without a
%% default, an element not an integer, the key position, a position past
%% the end or 0, an increment not an integer, a malformed operation, a
%% default too short, and a bag. An ordered_set finds 1 by 1.0.

id(X) -> X.

t(What, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~w~n", [What, R]).

main(_) ->
    S = ets:new(s, [set]),
    true = ets:insert(S, id({c, 0, 10, x, 1.5})),
    t("incr 5", fun() -> ets:update_counter(S, c, id(5)) end),
    t("{3, -4}", fun() -> ets:update_counter(S, c, id({3, -4})) end),
    t("{2, 10, 12, 0}", fun() -> ets:update_counter(S, c, id({2, 10, 12, 0})) end),
    t("{2, 10, 12, 0} again", fun() -> ets:update_counter(S, c, id({2, 10, 12, 0})) end),
    t("{2, 2, 12, 0}", fun() -> ets:update_counter(S, c, id({2, 2, 12, 0})) end),
    t("{3, -10, 0, 100}", fun() -> ets:update_counter(S, c, id({3, -10, 0, 100})) end),
    t("{3, -100, 1, 1}", fun() -> ets:update_counter(S, c, id({3, -100, 1, 1})) end),
    t("{3, -1, 0, 7}", fun() -> ets:update_counter(S, c, id({3, -1, 0, 7})) end),
    t("list", fun() -> ets:update_counter(S, c, id([{2, 1}, {3, 1}, {2, 1}])) end),
    t("[]", fun() -> ets:update_counter(S, c, id([])) end),
    t("object", fun() -> ets:lookup(S, c) end),
    t("not an integer", fun() -> ets:update_counter(S, c, id({4, 1})) end),
    t("a float", fun() -> ets:update_counter(S, c, id({5, 1})) end),
    t("key position", fun() -> ets:update_counter(S, c, id({1, 1})) end),
    t("past the end", fun() -> ets:update_counter(S, c, id({6, 1})) end),
    t("position 0", fun() -> ets:update_counter(S, c, id({0, 1})) end),
    t("float increment", fun() -> ets:update_counter(S, c, id(1.0)) end),
    t("float threshold", fun() -> ets:update_counter(S, c, id({2, 1, 1.0, 0})) end),
    t("atom set value", fun() -> ets:update_counter(S, c, id({2, 1, 0, x})) end),
    t("three-tuple op", fun() -> ets:update_counter(S, c, id({2, 1, 0})) end),
    t("five-tuple op", fun() -> ets:update_counter(S, c, id({2, 1, 0, 5, 6})) end),
    t("list with a bad op", fun() -> ets:update_counter(S, c, id([{2, 1}, {4, 1}])) end),
    t("improper list", fun() -> ets:update_counter(S, c, id([{2, 1} | x])) end),
    t("object unchanged", fun() -> ets:lookup(S, c) end),
    t("missing key", fun() -> ets:update_counter(S, id(missing), 1) end),
    t("default, missing", fun() -> ets:update_counter(S, m, 1, id({m, 10})) end),
    t("default, present", fun() -> ets:update_counter(S, m, 1, id({m, 1000})) end),
    t("default, other key", fun() -> ets:update_counter(S, n, {2, 2}, id({other, 10})) end),
    t("n", fun() -> ets:lookup(S, n) end),
    t("default, list", fun() -> ets:update_counter(S, p, [{2, 1}, {3, -1}], id({p, 1, 2})) end),
    t("default too short", fun() -> ets:update_counter(S, q, {3, 2}, id({q, 10})) end),
    t("default not a tuple", fun() -> ets:update_counter(S, q, 1, id(x)) end),
    t("q", fun() -> ets:lookup(S, q) end),
    t("to a bignum", fun() -> ets:update_counter(S, big, 1, id({big, 16#7FFFFFFFFFFFFFFF})) end),
    t("bignum increment", fun() -> ets:update_counter(S, big, id(-1 bsl 70)) end),
    t("back to small", fun() -> ets:update_counter(S, big, id((1 bsl 70) - 16#8000000000000000)) end),
    t("sorted", fun() -> lists:sort(ets:tab2list(S)) end),
    B = ets:new(b, [bag]),
    true = ets:insert(B, id({k, 1})),
    t("bag", fun() -> ets:update_counter(B, k, 1) end),
    t("bag, default", fun() -> ets:update_counter(B, j, 1, {j, 0}) end),
    O = ets:new(o, [ordered_set]),
    true = ets:insert(O, id({1, 1})),
    t("ordered 1.0", fun() -> ets:update_counter(O, id(1.0), 1) end),
    t("ordered default 2.0", fun() -> ets:update_counter(O, id(2.0), 1, {2, 5}) end),
    t("ordered_set", fun() -> ets:tab2list(O) end),
    K = ets:new(k, [{keypos, 2}]),
    true = ets:insert(K, id({5, k, 7})),
    t("keypos 2, incr", fun() -> ets:update_counter(K, k, 1) end),
    t("keypos 2, {1, 1}", fun() -> ets:update_counter(K, k, {1, 1}) end),
    t("keypos 2, {2, 1}", fun() -> ets:update_counter(K, k, {2, 1}) end),
    t("keypos 2, default", fun() -> ets:update_counter(K, j, 1, {0, x, 0}) end),
    t("keypos 2, default too short", fun() -> ets:update_counter(K, i, {3, 1}, {0, i}) end),
    t("keypos 2", fun() -> lists:sort(ets:tab2list(K)) end),
    ok.
