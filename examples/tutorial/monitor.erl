%% monitor(process, Pid): when Pid ends, the monitoring process receives
%% {'DOWN', Ref, process, Pid, Reason}; there is no link, so the monitoring
%% process is never killed. Monitoring a process that is already dead gives
%% a 'DOWN' message with reason noproc at once. spawn_monitor/3 spawns and
%% monitors in one step.
-module(monitor).
-export([main/1, wait_for_stop/0, give_up/1]).

wait_for_stop() ->
    receive
        stop -> ok
    end.

give_up(Reason) ->
    exit(Reason).

main(_) ->
    Pid = spawn(monitor, wait_for_stop, []),
    Ref = monitor(process, Pid),
    io:format("is_reference: ~p~n", [is_reference(Ref)]),
    Pid ! stop,
    receive
        {'DOWN', Ref, process, Pid, _} = Down -> io:format("~p~n", [Down])
    end,
    Ref2 = monitor(process, Pid),
    receive
        {'DOWN', Ref2, process, Pid, Reason2} -> io:format("dead already: ~p~n", [Reason2])
    end,
    {Pid3, Ref3} = spawn_monitor(monitor, give_up, [kaboom]),
    receive
        {'DOWN', Ref3, process, Pid3, Reason3} -> io:format("spawn_monitor: ~p~n", [Reason3])
    end,
    io:format("still here~n").
