-module(ownership_access).
-export([main/1, id/1]).

%% Access by a process that does not own the table: a public table can be
%% read and written by any process, a protected one read (lookup, member,
%% select, match, first, lookup_element, tab2list) but not written (insert,
%% delete, update_counter, delete_all_objects: badarg), a private one
%% neither read nor written; info/2 works on all three. delete/1 by
%% another process is badarg unless the table is public (then it is gone
%% for all). rename/2 is a write (the tid of an unnamed table comes
%% back); give_away/3 and setopts/2 are the owner's only, whatever the
%% protection. The table is unchanged by what was refused.

id(X) -> X.

%% F's result (or exception) in a process of its own.
in_other(F) ->
    Self = self(),
    P = spawn(fun() -> Self ! {self(), try {ok, F()} catch C:E -> {C, E} end} end),
    receive {P, R} -> R end.

ops(T) ->
    [{lookup, fun() -> ets:lookup(T, k) end},
     {member, fun() -> ets:member(T, k) end},
     {lookup_element, fun() -> ets:lookup_element(T, k, 2) end},
     {select, fun() -> ets:select(T, [{{'$1', '_'}, [], ['$1']}]) end},
     {match, fun() -> ets:match(T, {'$1', '_'}) end},
     {first, fun() -> ets:first(T) end},
     {tab2list, fun() -> ets:tab2list(T) end},
     {info_size, fun() -> ets:info(T, size) end},
     {info_protection, fun() -> ets:info(T, protection) end},
     {insert, fun() -> ets:insert(T, {k, 2}) end},
     {insert_new, fun() -> ets:insert_new(T, {j, 1}) end},
     {update_counter, fun() -> ets:update_counter(T, k, 10) end},
     {update_element, fun() -> ets:update_element(T, k, {2, 5}) end},
     {delete_key, fun() -> ets:delete(T, j) end},
     {delete_all_objects, fun() -> ets:delete_all_objects(T) end},
     {give_away, fun() -> ets:give_away(T, self(), data) end},
     {rename, fun() -> ets:rename(T, ownership_access_renamed) =:= T end},
     {info_name, fun() -> ets:info(T, name) end},
     {setopts, fun() -> ets:setopts(T, {heir, none}) end}].

main(_) ->
    lists:foreach(
      fun(Protection) ->
              T = ets:new(tab, [Protection]),
              true = ets:insert(T, {k, 1}),
              io:format("~p~n", [Protection]),
              lists:foreach(fun({Name, F}) -> io:format("  ~p: ~p~n", [Name, in_other(F)]) end, ops(T)),
              io:format("  owner sees: ~p~n", [lists:sort(ets:tab2list(T))]),
              io:format("  delete/1 by another: ~p~n", [in_other(fun() -> ets:delete(T) end)]),
              io:format("  info after: ~p~n", [ets:info(T, size)])
      end, id([public, protected, private])),
    ok.
