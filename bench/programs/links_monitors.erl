%% The Erlang twin of links_monitors.gasm: N processes link to one hub
%% that traps exits, then die; then one process monitors another N times,
%% and the monitored one dies. Meanwhile a ticker waits 10 ms at a time
%% and keeps the worst lateness of its wake-ups. Run it as
%%   erl -noshell -run links_monitors main N -s init stop
-module(links_monitors).
-export([main/1, ticker/1, hub/2, linker/2, gate/0, target/0]).

main([NArg]) ->
    N = list_to_integer(NArg),
    Ticker = spawn(links_monitors, ticker, [0]),
    Gate = spawn(links_monitors, gate, []),
    Hub = spawn(links_monitors, hub, [self(), N]),
    T0 = erlang:monotonic_time(nanosecond),
    spawn_linkers(N, Hub, Gate),
    receive linked -> ok end,
    T1 = erlang:monotonic_time(nanosecond),
    exit(Gate, die),
    receive exited -> ok end,
    T2 = erlang:monotonic_time(nanosecond),
    LateLinks = lateness(Ticker),
    Target = spawn(links_monitors, target, []),
    T3 = erlang:monotonic_time(nanosecond),
    monitor_many(N, Target),
    Target ! {ping, self()},
    receive pong -> ok end,
    T4 = erlang:monotonic_time(nanosecond),
    Target ! die,
    count_downs(N),
    T5 = erlang:monotonic_time(nanosecond),
    LateMonitors = lateness(Ticker),
    io:format("link ~p ~p~n", [N, T1 - T0]),
    io:format("exits ~p ~p~n", [N, T2 - T1]),
    io:format("monitor ~p ~p~n", [N, T4 - T3]),
    io:format("downs ~p ~p~n", [N, T5 - T4]),
    io:format("late_links 1 ~p~n", [LateLinks]),
    io:format("late_monitors 1 ~p~n", [LateMonitors]).

%% spawn_linkers(I, Hub, Gate): I processes, each linked to Hub and Gate.
spawn_linkers(0, _, _) -> ok;
spawn_linkers(I, Hub, Gate) ->
    spawn(links_monitors, linker, [Hub, Gate]),
    spawn_linkers(I - 1, Hub, Gate).

%% linker(Hub, Gate): links to both, tells the hub, and waits to die with Gate.
linker(Hub, Gate) ->
    link(Hub),
    link(Gate),
    Hub ! linked,
    receive after infinity -> ok end.

%% gate(): waits until it is told to die.
gate() ->
    receive after infinity -> ok end.

%% hub(Main, N): traps exits; tells Main when N processes have linked,
%% and again when N 'EXIT' messages have come.
hub(Main, N) ->
    process_flag(trap_exit, true),
    count_linked(N),
    Main ! linked,
    count_exits(N),
    Main ! exited.

count_linked(0) -> ok;
count_linked(I) ->
    receive linked -> count_linked(I - 1) end.

count_exits(0) -> ok;
count_exits(I) ->
    receive {'EXIT', _, die} -> count_exits(I - 1) end.

%% monitor_many(I, Target): I monitors of Target.
monitor_many(0, _) -> ok;
monitor_many(I, Target) ->
    monitor(process, Target),
    monitor_many(I - 1, Target).

%% target(): answers one ping, then dies when told.
target() ->
    receive
        {ping, From} ->
            From ! pong,
            receive die -> exit(die) end
    end.

count_downs(0) -> ok;
count_downs(I) ->
    receive {'DOWN', _, process, _, die} -> count_downs(I - 1) end.

%% ticker(Worst): waits 10 ms at a time; Worst is the latest a wake-up
%% has come, in nanoseconds. {report, From} sends it and starts afresh.
ticker(Worst) ->
    T0 = erlang:monotonic_time(nanosecond),
    receive
        {report, From} ->
            From ! {late, Worst},
            ticker(0)
    after 10 ->
        Late = erlang:monotonic_time(nanosecond) - T0 - 10000000,
        ticker(worse(Late, Worst))
    end.

worse(A, B) when A > B -> A;
worse(_, B) -> B.

lateness(Ticker) ->
    Ticker ! {report, self()},
    receive {late, Late} -> Late end.
