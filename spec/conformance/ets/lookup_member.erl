-module(lookup_member).
-export([main/1, id/1]).

%% lookup/2, lookup_element/3 and member/2 in each table type: lookup of
%% a missing key is [], of a key in a bag every object of it (inserted
%% one by one, so in insertion order); lookup_element gives the element
%% at a position (the key at the key position), a list of them in a bag,
%% and badarg for a missing key, a position past the end of the object
%% (of any object of a bag's key), position 0 or not an integer; with
%% {keypos, 2}; an ordered_set finds 1 by 1.0, a set does not; member is
%% true or false; and a table argument that is no table is badarg.

id(X) -> X.

t(What, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [What, R]).

main(_) ->
    S = ets:new(s, [set]),
    true = ets:insert(S, id([{a, 1, x}, {b, 2}, {c}, {{tuple, key}, [list]}, {1, int}])),
    t("lookup a", fun() -> ets:lookup(S, a) end),
    t("lookup c", fun() -> ets:lookup(S, c) end),
    t("lookup tuple key", fun() -> ets:lookup(S, id({tuple, key})) end),
    t("lookup missing", fun() -> ets:lookup(S, id(missing)) end),
    t("lookup 1.0 in set", fun() -> ets:lookup(S, id(1.0)) end),
    t("lookup_element a 2", fun() -> ets:lookup_element(S, a, id(2)) end),
    t("lookup_element a 3", fun() -> ets:lookup_element(S, a, id(3)) end),
    t("lookup_element a 1", fun() -> ets:lookup_element(S, a, id(1)) end),
    t("lookup_element a 4", fun() -> ets:lookup_element(S, a, id(4)) end),
    t("lookup_element a 0", fun() -> ets:lookup_element(S, a, id(0)) end),
    t("lookup_element a x", fun() -> ets:lookup_element(S, a, id(x)) end),
    t("lookup_element c 2", fun() -> ets:lookup_element(S, c, id(2)) end),
    t("lookup_element missing", fun() -> ets:lookup_element(S, id(missing), 1) end),
    t("lookup_element 1.0 in set", fun() -> ets:lookup_element(S, id(1.0), 2) end),
    t("member", fun() -> [ets:member(S, K) || K <- id([a, b, c, {tuple, key}, 1, 1.0, missing])] end),
    O = ets:new(o, [ordered_set]),
    true = ets:insert(O, id([{1, one}, {2.5, two_and_a_half}, {x, 1, 2}])),
    t("ordered lookup 1.0", fun() -> ets:lookup(O, id(1.0)) end),
    t("ordered lookup_element 1.0", fun() -> ets:lookup_element(O, id(1.0), 2) end),
    t("ordered lookup 2.5", fun() -> ets:lookup(O, id(2.5)) end),
    t("ordered lookup_element x 3", fun() -> ets:lookup_element(O, x, id(3)) end),
    t("ordered lookup_element missing", fun() -> ets:lookup_element(O, id(2), 1) end),
    t("ordered member", fun() -> [ets:member(O, K) || K <- id([1, 1.0, 2, 2.5, x, y])] end),
    lists:foreach(
      fun(Type) ->
              B = ets:new(b, [Type]),
              lists:foreach(fun(Obj) -> true = ets:insert(B, Obj) end,
                            id([{k, 1, a}, {k, 2, b}, {k, 1, a}, {j, 9}])),
              io:format("~p~n", [Type]),
              t("lookup k", fun() -> ets:lookup(B, k) end),
              t("lookup_element k 2", fun() -> ets:lookup_element(B, k, id(2)) end),
              t("lookup_element k 1", fun() -> ets:lookup_element(B, k, id(1)) end),
              t("lookup_element k 3", fun() -> ets:lookup_element(B, k, id(3)) end),
              t("lookup_element j 3", fun() -> ets:lookup_element(B, j, id(3)) end),
              t("insert {k}", fun() -> ets:insert(B, id({k})) end),
              t("lookup_element k 2 with {k}", fun() -> ets:lookup_element(B, k, id(2)) end),
              t("member", fun() -> [ets:member(B, K) || K <- id([k, j, l])] end)
      end, id([bag, duplicate_bag])),
    P = ets:new(p, [{keypos, 2}]),
    true = ets:insert(P, id([{row, a, 1}, {row, b, 2}])),
    t("keypos 2 lookup", fun() -> ets:lookup(P, a) end),
    t("keypos 2 lookup row", fun() -> ets:lookup(P, row) end),
    t("keypos 2 lookup_element 3", fun() -> ets:lookup_element(P, b, id(3)) end),
    t("keypos 2 lookup_element 2", fun() -> ets:lookup_element(P, b, id(2)) end),
    t("keypos 2 member", fun() -> [ets:member(P, K) || K <- id([a, b, row])] end),
    t("lookup in no table", fun() -> ets:lookup(id(lookup_member_none), a) end),
    t("lookup_element in no table", fun() -> ets:lookup_element(id(lookup_member_none), a, 1) end),
    t("member in no table", fun() -> ets:member(id(lookup_member_none), a) end),
    t("lookup in a number", fun() -> ets:lookup(id(12), a) end),
    ok.
