%% An ETS table's owner crashes while another process walks the table
%% with first/next and reads each object; the walker's next call after the
%% crash raises badarg, and it reports how far it got. Then many tables:
%% N tables of 100 objects each are made by one process and all go when
%% it ends.
-module(ets_owner_crash).
-export([main/1]).

main([N]) ->
    Self = self(),
    Owner = spawn(fun() ->
        T = ets:new(walked, [public, set]),
        [ets:insert(T, {I, lists:duplicate(20, I)}) || I <- lists:seq(1, 300000)],
        Self ! {table, T},
        receive crash -> exit(crash) end
    end),
    T = receive {table, Tab} -> Tab end,
    Walker = spawn(fun() -> walk(Self, T, ets:first(T), 0) end),
    timer:sleep(5),
    exit(Owner, crash),
    receive {walked, Count, Result} -> io:format("walker read ~p objects, then ~p~n", [Count, Result]) end,
    io:format("table after the crash: ~p~n", [ets:info(T)]),
    _ = Walker,
    Many = list_to_integer(N),
    Maker = spawn(fun() ->
        Tabs = [ets:new(many, []) || _ <- lists:seq(1, Many)],
        [[ets:insert(Tab1, {I}) || I <- lists:seq(1, 100)] || Tab1 <- Tabs],
        Self ! {made, length(ets:all())},
        receive stop -> ok end
    end),
    receive {made, All} -> io:format("~p tables alive~n", [All]) end,
    Ref = monitor(process, Maker),
    Maker ! stop,
    receive {'DOWN', Ref, _, _, _} -> ok end,
    io:format("~p tables alive after their owner ended~n", [length(ets:all())]).

walk(Parent, T, Key, Count) ->
    try
        _ = ets:lookup(T, Key),
        ets:next(T, Key)
    of
        '$end_of_table' -> Parent ! {walked, Count + 1, end_of_table};
        Next -> walk(Parent, T, Next, Count + 1)
    catch error:Reason -> Parent ! {walked, Count, {error, Reason}}
    end.
