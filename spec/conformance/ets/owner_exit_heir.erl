-module(owner_exit_heir).
-export([main/1, id/1]).

%% A table lives as long as its owner: when the owner ends (normally or
%% not), its tables are gone by the time its 'DOWN' arrives (info/1 is
%% undefined, whereis/1 of a named one is undefined, lookup is badarg,
%% all/0 no longer has it, and the name is free again). With an heir
%% ({heir, Pid, Data} at new/2 or through setopts/2), the heir gets the
%% table and {'ETS-TRANSFER', Tab, FromPid, Data} before the 'DOWN', and
%% owns it with its objects, name, protection and keeps itself as the
%% heir; setopts {heir, none} takes the heir away, and an heir that has
%% ended inherits nothing. Tids and pids are compared, not printed.

id(X) -> X.

%% A process that makes a table with Opts, inserts Objs, sends the table
%% to Parent, and ends with the reason it is sent.
owner(Parent, Name, Opts, Objs) ->
    spawn_monitor(fun() ->
                          T = ets:new(Name, Opts),
                          true = ets:insert(T, Objs),
                          Parent ! {table, self(), T},
                          receive {stop, Reason} -> exit(Reason) end
                  end).

table(P) -> receive {table, P, T} -> T end.

down(M) -> receive {'DOWN', M, process, _, Reason} -> Reason end.

gone(T) ->
    [ets:info(T) =:= undefined,
     ets:info(T, size) =:= undefined,
     try ets:lookup(T, a) catch error:badarg -> badarg end,
     lists:member(T, ets:all())].

main(_) ->
    Self = self(),
    %% No heir: the table ends with its owner, whichever way it ends.
    lists:foreach(
      fun(Reason) ->
              {P, M} = owner(Self, owner_exit_named, [named_table, public], [{a, 1}]),
              T = table(P),
              io:format("~p: owner ~p, in all ~p, whereis ~p~n",
                        [Reason, ets:info(T, owner) =:= P, lists:member(T, ets:all()),
                         ets:whereis(owner_exit_named) =/= undefined]),
              P ! {stop, Reason},
              io:format("  down ~p, gone ~p, whereis ~p~n",
                        [down(M), gone(T), ets:whereis(owner_exit_named)])
      end, id([normal, crashed, kill])),
    io:format("name free again: ~p~n", [ets:new(owner_exit_named, [named_table]) =:= owner_exit_named]),
    true = ets:delete(owner_exit_named),
    {P1, M1} = owner(Self, unnamed, [], [{a, 1}, {b, 2}]),
    T1 = table(P1),
    P1 ! {stop, normal},
    io:format("unnamed: down ~p, gone ~p~n", [down(M1), gone(T1)]),
    %% An heir inherits.
    {P2, M2} = owner(Self, owner_exit_heir_tab, [named_table, ordered_set, {heir, Self, {some, data}}],
                     [{a, 1}, {b, 2}, {c, 3}]),
    T2 = table(P2),
    io:format("heir is self: ~p~n", [ets:info(T2, heir) =:= Self]),
    P2 ! {stop, normal},
    receive
        {'ETS-TRANSFER', Tab, From, Data} ->
            io:format("transfer: tab ~p, from ~p, data ~p~n", [Tab =:= T2, From =:= P2, Data])
    after 5000 -> io:format("no transfer~n")
    end,
    io:format("down: ~p~n", [down(M2)]),
    io:format("owner is self: ~p, heir is self: ~p~n",
              [ets:info(T2, owner) =:= Self, ets:info(T2, heir) =:= Self]),
    io:format("kept: ~p ~p ~p ~p~n", [ets:tab2list(T2), ets:info(T2, name), ets:info(T2, protection),
                                     ets:whereis(owner_exit_heir_tab) =/= undefined]),
    io:format("now writable: ~p ~p~n", [ets:insert(owner_exit_heir_tab, {d, 4}), ets:info(T2, size)]),
    true = ets:delete(T2),
    %% An heir set by setopts/2, and one taken away.
    Parent = self(),
    {P3, M3} = spawn_monitor(fun() ->
                                     T = ets:new(later, []),
                                     true = ets:insert(T, {x, 1}),
                                     true = ets:setopts(T, {heir, Parent, set_later}),
                                     U = ets:new(taken, [{heir, Parent, never}]),
                                     true = ets:setopts(U, {heir, none}),
                                     Parent ! {tables, self(), T, U, ets:info(U, heir)}
                             end),
    {T3, U3} = receive {tables, P3, A, B, Heir} -> io:format("heir after setopts none: ~p~n", [Heir]), {A, B} end,
    receive
        {'ETS-TRANSFER', Tab3, _, Data3} -> io:format("transfer: tab ~p, data ~p~n", [Tab3 =:= T3, Data3])
    after 5000 -> io:format("no transfer~n")
    end,
    io:format("down: ~p~n", [down(M3)]),
    io:format("inherited: ~p, other gone: ~p~n", [ets:lookup(T3, x), gone(U3)]),
    %% An heir that ended before the owner inherits nothing.
    {H, HM} = spawn_monitor(fun() -> receive stop -> ok end end),
    {P4, M4} = owner(Self, dead_heir, [{heir, H, data}], [{a, 1}]),
    T4 = table(P4),
    H ! stop,
    normal = down(HM),
    P4 ! {stop, normal},
    io:format("dead heir: down ~p, gone ~p~n", [down(M4), gone(T4)]),
    receive Msg -> io:format("unexpected: ~p~n", [Msg]) after 100 -> ok end,
    ok.
