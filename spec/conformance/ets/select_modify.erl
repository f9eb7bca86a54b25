-module(select_modify).
-export([main/1, id/1]).

%% select_count/2 and select_delete/2 count (and delete) the objects for
%% which the specification's body gives true, and only true; match_delete/2
%% deletes the objects a pattern matches. select_replace/2 replaces each
%% object matched by its body's result, which must keep the key as it is
%% (it may change the other elements and the size of the object), and
%% gives how many it replaced; a body that changes the key is badarg and
%% replaces nothing, and a bag is badarg. Bad specifications are badarg.
%% Tables are printed sorted, ordered_set in order.

id(X) -> X.

t(What, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [What, R]).

sorted(T) -> lists:sort(ets:tab2list(T)).

main(_) ->
    S = ets:new(s, [set]),
    true = ets:insert(S, [{N, N * N} || N <- lists:seq(1, 10)]),
    t("count > 50", fun() -> ets:select_count(S, id([{{'_', '$1'}, [{'>', '$1', 50}], [true]}])) end),
    t("count, body '$_'", fun() -> ets:select_count(S, id([{{'_', '$1'}, [{'>', '$1', 50}], ['$_']}])) end),
    t("count, body false", fun() -> ets:select_count(S, id([{{'_', '$1'}, [], [false]}])) end),
    t("count all", fun() -> ets:select_count(S, id([{'_', [], [true]}])) end),
    t("count, two clauses", fun() -> ets:select_count(S, id([{{1, '_'}, [], [true]}, {{'$1', '_'}, [{'>', '$1', 9}], [true]}])) end),
    t("delete > 8", fun() -> ets:select_delete(S, id([{{'$1', '_'}, [{'>', '$1', 8}], [true]}])) end),
    t("delete, body yes", fun() -> ets:select_delete(S, id([{{'$1', '_'}, [{'>', '$1', 6}], [yes]}])) end),
    t("set", fun() -> sorted(S) end),
    t("replace < 4", fun() -> ets:select_replace(S, id([{{'$1', '$2'}, [{'<', '$1', 4}],
                                                        [{{'$1', {'+', '$2', 1000}}}]}])) end),
    t("set", fun() -> sorted(S) end),
    t("replace by '$_'", fun() -> ets:select_replace(S, id([{{'$1', '_'}, [{'==', '$1', 4}], ['$_']}])) end),
    t("replace, larger object", fun() -> ets:select_replace(S, id([{{'$1', '$2'}, [{'>', '$1', 6}],
                                                                   [{{'$1', '$2', [extra]}}]}])) end),
    t("replace, key changed", fun() -> ets:select_replace(S, id([{{'$1', '$2'}, [], [{{'$2', '$1'}}]}])) end),
    t("replace, not an object", fun() -> ets:select_replace(S, id([{{'$1', '$2'}, [], [x]}])) end),
    t("set", fun() -> sorted(S) end),
    t("replace, two-element objects only", fun() -> ets:select_replace(S, id([{{'$1', '$2'}, [], [{{'$1', 0}}]}])) end),
    t("set", fun() -> sorted(S) end),
    O = ets:new(o, [ordered_set]),
    true = ets:insert(O, [{N, N} || N <- lists:seq(1, 8)]),
    t("ordered delete 3..5", fun() -> ets:select_delete(O, id([{{'$1', '_'}, [{'>=', '$1', 3}, {'=<', '$1', 5}], [true]}])) end),
    t("ordered replace even", fun() -> ets:select_replace(O, id([{{'$1', '$2'}, [{'==', {'rem', '$1', 2}, 0}],
                                                                 [{{'$1', even}}]}])) end),
    t("ordered_set", fun() -> ets:tab2list(O) end),
    B = ets:new(b, [bag]),
    true = ets:insert(B, id([{k, 1}, {k, 2}, {j, 1}, {i, 1}, {i, 3}])),
    t("bag replace", fun() -> ets:select_replace(B, id([{{'$1', '$2'}, [], [{{'$1', x}}]}])) end),
    t("bag count k", fun() -> ets:select_count(B, id([{{k, '_'}, [], [true]}])) end),
    t("bag delete value 1", fun() -> ets:select_delete(B, id([{{'_', 1}, [], [true]}])) end),
    t("bag", fun() -> sorted(B) end),
    t("match_delete {k, '_'}", fun() -> ets:match_delete(B, id({k, '_'})) end),
    t("bag", fun() -> sorted(B) end),
    t("match_delete nothing", fun() -> ets:match_delete(B, id({zzz, '_'})) end),
    t("bag", fun() -> sorted(B) end),
    E = ets:new(e, [set]),
    t("count in an empty table", fun() -> ets:select_count(E, id([{'_', [], [true]}])) end),
    t("delete in an empty table", fun() -> ets:select_delete(E, id([{'_', [], [true]}])) end),
    t("count, bad spec", fun() -> ets:select_count(S, id(x)) end),
    t("delete, bad spec", fun() -> ets:select_delete(S, id([x])) end),
    t("replace, bad spec", fun() -> ets:select_replace(S, id([{'_', [{nonsense}], [true]}])) end),
    t("match_delete, not a table", fun() -> ets:match_delete(id(select_modify_none), '_') end),
    ok.
