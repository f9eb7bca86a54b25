%% trap_exit: a process that traps exits is not killed by a linked
%% process's crash; the exit signal becomes a message {'EXIT', Pid, Reason}.
%% A second linked child is not affected by its sibling's crash; when it
%% ends normally, that too arrives as a message.
-module(trap_exit).
-export([main/1, divide/1, wait_for_stop/0]).

divide(X) ->
    1 / X.

wait_for_stop() ->
    receive
        stop -> ok
    end.

main(_) ->
    process_flag(trap_exit, true),
    Survivor = spawn_link(trap_exit, wait_for_stop, []),
    Crasher = spawn_link(trap_exit, divide, [0]),
    receive
        {'EXIT', Crasher, {Reason, _Stack}} ->
            io:format("~p~n", [{'EXIT', Crasher, Reason}])
    end,
    io:format("survivor alive: ~p~n", [is_process_alive(Survivor)]),
    Survivor ! stop,
    receive
        {'EXIT', Survivor, Why} ->
            io:format("~p~n", [{'EXIT', Survivor, Why}])
    end,
    io:format("survivor alive: ~p~n", [is_process_alive(Survivor)]).
