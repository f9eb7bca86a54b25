%% A spawned process that crashes: 1 / X with X = 0 raises badarith. The
%% runtime writes an error report, and nothing else happens: the parent is
%% not linked, so it carries on. It monitors the child to learn, from the
%% 'DOWN' message, that the child is gone.
-module(crash).
-export([main/1, divide/1]).

divide(X) ->
    1 / X.

main(_) ->
    {Pid, Ref} = spawn_monitor(crash, divide, [0]),
    receive
        {'DOWN', Ref, process, Pid, _Reason} -> ok
    end,
    io:format("child alive: ~p~n", [is_process_alive(Pid)]),
    io:format("the parent carries on~n").
