-module(deleted_table).
-export([main/1, id/1]).

%% Every operation on a deleted table (by tid, and by the name of a named
%% table) is badarg: reads, writes, traversal, matching, counters,
%% fixing, ownership and deletion itself; info/1 and info/2 give
%% undefined and whereis/1 undefined. A table deleted with objects in it
%% and a new table of the same name do not share them.

id(X) -> X.

ops(T) ->
    [{insert, fun() -> ets:insert(T, {a, 1}) end},
     {insert_new, fun() -> ets:insert_new(T, {a, 1}) end},
     {lookup, fun() -> ets:lookup(T, a) end},
     {lookup_element, fun() -> ets:lookup_element(T, a, 2) end},
     {member, fun() -> ets:member(T, a) end},
     {delete_key, fun() -> ets:delete(T, a) end},
     {delete_object, fun() -> ets:delete_object(T, {a, 1}) end},
     {delete_all_objects, fun() -> ets:delete_all_objects(T) end},
     {take, fun() -> ets:take(T, a) end},
     {update_counter, fun() -> ets:update_counter(T, a, 1) end},
     {update_counter_default, fun() -> ets:update_counter(T, a, 1, {a, 0}) end},
     {update_element, fun() -> ets:update_element(T, a, {2, 2}) end},
     {first, fun() -> ets:first(T) end},
     {last, fun() -> ets:last(T) end},
     {next, fun() -> ets:next(T, a) end},
     {prev, fun() -> ets:prev(T, a) end},
     {foldl, fun() -> ets:foldl(fun(X, A) -> [X | A] end, [], T) end},
     {tab2list, fun() -> ets:tab2list(T) end},
     {match, fun() -> ets:match(T, '$1') end},
     {match_object, fun() -> ets:match_object(T, '_') end},
     {match_delete, fun() -> ets:match_delete(T, '_') end},
     {select, fun() -> ets:select(T, [{'_', [], ['$_']}]) end},
     {select_limit, fun() -> ets:select(T, [{'_', [], ['$_']}], 10) end},
     {select_count, fun() -> ets:select_count(T, [{'_', [], [true]}]) end},
     {select_delete, fun() -> ets:select_delete(T, [{'_', [], [true]}]) end},
     {safe_fixtable, fun() -> ets:safe_fixtable(T, true) end},
     {give_away, fun() -> ets:give_away(T, spawn(fun() -> ok end), x) end},
     {rename, fun() -> ets:rename(T, deleted_table_other) end},
     {setopts, fun() -> ets:setopts(T, {heir, none}) end},
     {delete, fun() -> ets:delete(T) end},
     {info, fun() -> ets:info(T) end},
     {info_size, fun() -> ets:info(T, size) end},
     {info_owner, fun() -> ets:info(T, owner) end}].

main(_) ->
    T = ets:new(t, [public, ordered_set]),
    true = ets:insert(T, {a, 1}),
    N = ets:new(deleted_table_named, [named_table, public]),
    true = ets:insert(N, [{a, 1}, {b, 2}]),
    W = ets:whereis(deleted_table_named),
    io:format("delete: ~p ~p~n", [ets:delete(T), ets:delete(deleted_table_named)]),
    lists:foreach(
      fun({What, Tab}) ->
              io:format("~s~n", [What]),
              lists:foreach(fun({Name, F}) ->
                                    R = try F() catch C:E -> {C, E} end,
                                    io:format("  ~p: ~p~n", [Name, R])
                            end, ops(Tab))
      end, [{"by tid", T}, {"by name", deleted_table_named}, {"by the named table's tid", W}]),
    io:format("whereis: ~p~n", [ets:whereis(deleted_table_named)]),
    deleted_table_named = ets:new(deleted_table_named, [named_table]),
    io:format("new table of the name: ~p ~p~n",
              [ets:info(deleted_table_named, size), ets:whereis(deleted_table_named) =:= W]),
    ok.
