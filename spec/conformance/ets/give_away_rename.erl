-module(give_away_rename).
-export([main/1, id/1]).

%% give_away/3: the receiver gets {'ETS-TRANSFER', Tab, FromPid, Data}
%% and owns the table (it may write a protected one, the giver no longer
%% may) and may give it back; giving to oneself, by a process that is not
%% the owner, to a process that has ended, or to something not a pid is
%% badarg. rename/2 renames a named table (the old name names nothing,
%% the new one the table; a name in use, even the table's own, or not an
%% atom is badarg) and an unnamed one (its name in info, and the tid back).
%% whereis/1 gives a named table's tid, which works as the name does, and
%% undefined for a name with no named table. all/0 holds named tables by
%% name and the others by tid, until they are deleted.

id(X) -> X.

t(What, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [What, R]).

%% Receives a table, reports on it to Parent, writes to it, gives it back.
taker(Parent) ->
    receive
        {'ETS-TRANSFER', T, From, Data} ->
            Parent ! {took, From =:= Parent, Data, ets:info(T, owner) =:= self(),
                      ets:insert(T, {taker, 1})},
            receive back -> Parent ! {gave, ets:give_away(T, Parent, returned)} end
    end.

main(_) ->
    Self = self(),
    T = ets:new(given, [protected]),
    true = ets:insert(T, {a, 1}),
    P = spawn(fun() -> taker(Self) end),
    t("give_away", fun() -> ets:give_away(T, P, {hello, 1}) end),
    receive
        {took, FromSelf, Data, Owner, Inserted} ->
            io:format("taker: from self ~p, data ~p, owner ~p, insert ~p~n",
                      [FromSelf, Data, Owner, Inserted])
    end,
    t("owner is the taker", fun() -> ets:info(T, owner) =:= P end),
    t("giver reads", fun() -> ets:lookup(T, a) end),
    t("giver writes", fun() -> ets:insert(T, {b, 2}) end),
    t("giver gives again", fun() -> ets:give_away(T, self(), x) end),
    P ! back,
    receive {gave, G} -> io:format("given back: ~p~n", [G]) end,
    receive
        {'ETS-TRANSFER', Tb, FromTaker, Back} ->
            io:format("back: tab ~p, from ~p, data ~p~n", [Tb =:= T, FromTaker =:= P, Back])
    end,
    t("owner is self", fun() -> ets:info(T, owner) =:= self() end),
    t("table", fun() -> lists:sort(ets:tab2list(T)) end),
    t("give to self", fun() -> ets:give_away(T, self(), x) end),
    {Dead, DM} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', DM, process, Dead, _} -> ok end,
    t("give to an ended process", fun() -> ets:give_away(T, Dead, x) end),
    t("give to a name", fun() -> ets:give_away(T, id(init), x) end),
    t("give no table", fun() -> ets:give_away(id(give_away_none), P, x) end),
    t("owner still self", fun() -> ets:info(T, owner) =:= self() end),
    %% rename/2 and whereis/1.
    N = ets:new(give_away_rename_a, [named_table, public]),
    true = ets:insert(N, {k, v}),
    W = ets:whereis(give_away_rename_a),
    t("whereis", fun() -> {W =/= undefined, ets:lookup(W, k), ets:info(W, name)} end),
    t("rename", fun() -> ets:rename(give_away_rename_a, give_away_rename_b) end),
    t("old name", fun() -> {ets:info(give_away_rename_a), ets:whereis(give_away_rename_a)} end),
    t("old name lookup", fun() -> ets:lookup(give_away_rename_a, k) end),
    t("new name", fun() -> {ets:lookup(give_away_rename_b, k), ets:info(give_away_rename_b, name)} end),
    t("whereis new is the tid", fun() -> ets:whereis(give_away_rename_b) =:= W end),
    t("tid still works", fun() -> ets:lookup(W, k) end),
    t("rename to its own name", fun() -> ets:rename(give_away_rename_b, give_away_rename_b) end),
    give_away_rename_c = ets:new(give_away_rename_c, [named_table]),
    t("rename to a name in use", fun() -> ets:rename(give_away_rename_b, give_away_rename_c) end),
    t("rename to a string", fun() -> ets:rename(give_away_rename_b, id("s")) end),
    t("rename no table", fun() -> ets:rename(give_away_rename_a, give_away_rename_d) end),
    U = ets:new(unnamed, []),
    t("rename unnamed", fun() -> ets:rename(U, give_away_rename_u) =:= U end),
    t("unnamed's name", fun() -> ets:info(U, name) end),
    t("whereis of an unnamed table's name", fun() -> ets:whereis(give_away_rename_u) end),
    t("whereis of no name", fun() -> ets:whereis(id(give_away_rename_none)) end),
    %% all/0.
    t("in all", fun() -> [lists:member(X, ets:all()) || X <- [give_away_rename_b, give_away_rename_c, U, T]] end),
    true = ets:delete(give_away_rename_b),
    true = ets:delete(U),
    t("after delete", fun() -> [lists:member(X, ets:all()) || X <- [give_away_rename_b, give_away_rename_c, U, T]] end),
    t("whereis after delete", fun() -> ets:whereis(give_away_rename_b) end),
    ok.
