%% OTP's supervisor behaviour beyond kv_sup.erl: the restart strategies
%% one_for_one, one_for_all, rest_for_one and simple_one_for_one; children
%% permanent, transient and temporary; the restart intensity exceeded (the
%% supervisor gives up with reason shutdown); shutdown by brutal_kill, by a
%% timeout the child overruns, and infinity; and start_child,
%% terminate_child, restart_child, delete_child, which_children and
%% count_children.
%%
%% Each worker prints when it starts, before it tells its supervisor it
%% has (proc_lib:start_link/3), and main/1 waits for each restart to be
%% over, so that the output's order does not depend on timing.
-module(strategies_sup).
-behaviour(supervisor).

-export([main/1, init/1, start_worker/2, worker/3]).

init({Flags, Children}) ->
    {ok, {Flags, Children}}.

%% A worker. Options: trap (it traps exits, so a shutdown reaches it as a
%% message) and slow (it then takes 200 ms to stop).
start_worker(Id, Options) ->
    proc_lib:start_link(?MODULE, worker, [self(), Id, Options]).

worker(Parent, Id, Options) ->
    [process_flag(trap_exit, true) || lists:member(trap, Options)],
    io:format("  start ~p~n", [Id]),
    proc_lib:init_ack(Parent, {ok, self()}),
    loop(Id, Options).

loop(Id, Options) ->
    receive
        {'EXIT', _, Reason} ->
            io:format("  ~p stops: ~p~n", [Id, Reason]),
            [timer:sleep(200) || lists:member(slow, Options)],
            exit(Reason);
        {die, Reason} ->
            exit(Reason);
        _ ->
            loop(Id, Options)
    end.

child(Id, Restart) -> child(Id, Restart, 1000, []).

child(Id, Restart, Shutdown, Options) ->
    #{id => Id, start => {?MODULE, start_worker, [Id, Options]}, restart => Restart, shutdown => Shutdown}.

start(Strategy, Children) ->
    {ok, Sup} = supervisor:start_link(?MODULE, {#{strategy => Strategy, intensity => 2, period => 10}, Children}),
    Sup.

%% The children as {Id, running | undefined}, in the supervisor's order.
children(Sup) ->
    [{Id, case Pid of P when is_pid(P) -> running; Other -> Other end}
     || {Id, Pid, worker, _} <- supervisor:which_children(Sup)].

%% Ends child Id with Reason and waits until the supervisor has done what
%% its strategy says.
stop_child(Sup, Id, Reason) ->
    Before = supervisor:which_children(Sup),
    {Id, Pid, _, _} = lists:keyfind(Id, 1, Before),
    io:format(" ~p ends: ~p~n", [Id, Reason]),
    Pid ! {die, Reason},
    settle(Sup, Before).

settle(Sup, Before) ->
    case supervisor:which_children(Sup) of
        Before -> timer:sleep(5), settle(Sup, Before);
        _ -> ok
    end.

main(_) ->
    process_flag(trap_exit, true),
    [strategy(Strategy) || Strategy <- [one_for_one, one_for_all, rest_for_one]],
    intensity(),
    shutdown(),
    simple().

strategy(Strategy) ->
    io:format("~p~n", [Strategy]),
    Sup = start(Strategy, [child(a, permanent), child(b, transient), child(c, temporary), child(d, permanent)]),
    stop_child(Sup, c, crash),
    io:format(" ~p~n", [children(Sup)]),
    stop_child(Sup, b, crash),
    io:format(" ~p~n", [children(Sup)]),
    stop_child(Sup, b, normal),
    io:format(" ~p~n", [children(Sup)]),
    io:format(" ~p~n", [supervisor:count_children(Sup)]),
    stop(Sup).

intensity() ->
    io:format("intensity 2 in 10 s~n"),
    Sup = start(one_for_one, [child(a, permanent)]),
    stop_child(Sup, a, first),
    stop_child(Sup, a, second),
    [{a, Pid, _, _}] = supervisor:which_children(Sup),
    io:format(" a ends: third~n"),
    Pid ! {die, third},
    receive {'EXIT', Sup, Reason} -> io:format(" supervisor exits: ~p~n", [Reason]) end.

shutdown() ->
    io:format("shutdown~n"),
    Sup = start(one_for_one, [child(brutal, permanent, brutal_kill, [trap]),
                              child(overrun, permanent, 50, [trap, slow]),
                              child(patient, permanent, infinity, [trap, slow]),
                              child(polite, permanent, 1000, [trap])]),
    [io:format(" terminate ~p: ~p~n", [Id, supervisor:terminate_child(Sup, Id)])
     || Id <- [brutal, overrun, patient, polite]],
    io:format(" ~p~n", [children(Sup)]),
    io:format(" restart polite: ~p~n", [element(1, supervisor:restart_child(Sup, polite))]),
    io:format(" restart polite: ~p~n", [supervisor:restart_child(Sup, polite)]),
    io:format(" delete polite: ~p~n", [supervisor:delete_child(Sup, polite)]),
    io:format(" delete brutal: ~p~n", [supervisor:delete_child(Sup, brutal)]),
    io:format(" start extra: ~p~n", [element(1, supervisor:start_child(Sup, child(extra, permanent)))]),
    {error, {already_started, _}} = supervisor:start_child(Sup, child(extra, permanent)),
    io:format(" ~p~n", [children(Sup)]),
    io:format(" ~p~n", [supervisor:count_children(Sup)]),
    stop(Sup).

simple() ->
    io:format("simple_one_for_one~n"),
    Sup = start(simple_one_for_one, [#{id => worker, start => {?MODULE, start_worker, []},
                                      restart => transient}]),
    {ok, One} = supervisor:start_child(Sup, [one, []]),
    {ok, Two} = supervisor:start_child(Sup, [two, [trap]]),
    {ok, _Three} = supervisor:start_child(Sup, [three, []]),
    io:format(" ~p~n", [children(Sup)]),
    io:format(" ~p~n", [supervisor:count_children(Sup)]),
    io:format(" terminate one: ~p~n", [supervisor:terminate_child(Sup, One)]),
    io:format(" terminate one again: ~p~n", [supervisor:terminate_child(Sup, One)]),
    io:format(" delete two: ~p~n", [supervisor:delete_child(Sup, Two)]),
    io:format(" restart two: ~p~n", [supervisor:restart_child(Sup, Two)]),
    Before = supervisor:which_children(Sup),
    io:format(" two ends: crash~n"),
    Two ! {die, crash},
    settle(Sup, Before),
    io:format(" ~p~n", [supervisor:count_children(Sup)]),
    stop(Sup).

stop(Sup) ->
    io:format(" stop~n"),
    unlink(Sup),
    Ref = monitor(process, Sup),
    exit(Sup, shutdown),
    receive {'DOWN', Ref, process, Sup, Reason} -> io:format(" stopped: ~p~n", [Reason]) end.
