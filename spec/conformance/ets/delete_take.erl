-module(delete_take).
-export([main/1, id/1]).

%% delete/2 (every object of the key; a missing key is no error),
%% delete_object/2 (only an object equal with =:= to the one given: in a
%% bag that one, in a duplicate_bag all its copies; in an ordered_set a
%% key == to the stored one but an object not =:= to it deletes nothing),
%% take/2 (the objects of the key, removed; [] for a missing key),
%% delete_all_objects/1 (the table stays, empty, and takes new objects),
%% and delete/1 (the table is gone). Not a tuple, or a tuple shorter than
%% the key position, is badarg. Sets and bags are printed sorted.

id(X) -> X.

t(What, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [What, R]).

sorted(T) -> lists:sort(ets:tab2list(T)).

main(_) ->
    S = ets:new(s, [set]),
    true = ets:insert(S, id([{a, 1}, {b, 2}, {c, 3}, {d, 4}, {2, 2}])),
    t("delete a", fun() -> ets:delete(S, id(a)) end),
    t("delete missing", fun() -> ets:delete(S, id(missing)) end),
    t("delete 2.0", fun() -> ets:delete(S, id(2.0)) end),
    t("set", fun() -> sorted(S) end),
    t("delete_object {b, 2}", fun() -> ets:delete_object(S, id({b, 2})) end),
    t("delete_object {c, 99}", fun() -> ets:delete_object(S, id({c, 99})) end),
    t("delete_object {2, 2.0}", fun() -> ets:delete_object(S, id({2, 2.0})) end),
    t("delete_object {c, 3, extra}", fun() -> ets:delete_object(S, id({c, 3, extra})) end),
    t("set", fun() -> sorted(S) end),
    t("take c", fun() -> ets:take(S, id(c)) end),
    t("take c again", fun() -> ets:take(S, id(c)) end),
    t("set", fun() -> sorted(S) end),
    t("delete_object not a tuple", fun() -> ets:delete_object(S, id(x)) end),
    t("delete_object {}", fun() -> ets:delete_object(S, id({})) end),
    O = ets:new(o, [ordered_set]),
    true = ets:insert(O, id([{1, a}, {2, 2}, {3, b}, {4, c}])),
    t("ordered delete_object {1.0, a}", fun() -> ets:delete_object(O, id({1.0, a})) end),
    t("ordered delete_object {2, 2.0}", fun() -> ets:delete_object(O, id({2, 2.0})) end),
    t("ordered_set", fun() -> ets:tab2list(O) end),
    t("ordered delete 3.0", fun() -> ets:delete(O, id(3.0)) end),
    t("ordered take 2.0", fun() -> ets:take(O, id(2.0)) end),
    t("ordered delete_object {1, a}", fun() -> ets:delete_object(O, id({1, a})) end),
    t("ordered_set", fun() -> ets:tab2list(O) end),
    lists:foreach(
      fun(Type) ->
              B = ets:new(b, [Type]),
              lists:foreach(fun(Obj) -> true = ets:insert(B, Obj) end,
                            id([{k, 1}, {k, 2}, {k, 1}, {k, 1.0}, {j, 1}, {j, 2}, {m, 1}])),
              io:format("~p~n", [Type]),
              t("delete_object {k, 1}", fun() -> ets:delete_object(B, id({k, 1})) end),
              t("k", fun() -> ets:lookup(B, k) end),
              t("take j", fun() -> ets:take(B, id(j)) end),
              t("j", fun() -> ets:lookup(B, j) end),
              t("delete k", fun() -> ets:delete(B, id(k)) end),
              t("all", fun() -> sorted(B) end),
              t("size", fun() -> ets:info(B, size) end)
      end, id([bag, duplicate_bag])),
    K = ets:new(k, [{keypos, 2}]),
    true = ets:insert(K, id([{r, a, 1}, {r, b, 2}])),
    t("keypos 2 delete_object {r, a, 1}", fun() -> ets:delete_object(K, id({r, a, 1})) end),
    t("keypos 2 delete_object {r}", fun() -> ets:delete_object(K, id({r})) end),
    t("keypos 2 take b", fun() -> ets:take(K, id(b)) end),
    t("keypos 2 size", fun() -> ets:info(K, size) end),
    A = ets:new(a, [bag]),
    true = ets:insert(A, id([{N, N * N} || N <- lists:seq(1, 50)])),
    t("size before delete_all_objects", fun() -> ets:info(A, size) end),
    t("delete_all_objects", fun() -> ets:delete_all_objects(A) end),
    t("size after", fun() -> ets:info(A, size) end),
    t("lookup 7 after", fun() -> ets:lookup(A, 7) end),
    t("insert after", fun() -> ets:insert(A, id({7, again})) end),
    t("lookup 7", fun() -> ets:lookup(A, 7) end),
    t("delete/1", fun() -> ets:delete(A) end),
    t("info after delete/1", fun() -> ets:info(A) end),
    t("delete/1 again", fun() -> ets:delete(A) end),
    ok.
