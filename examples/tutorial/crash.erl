%% A spawned process that crashes: 1 / X with X = 0 raises badarith. The
%% runtime writes an error report on stderr, and nothing else happens: the
%% parent is not linked, so it carries on.
-module(crash).
-export([main/1, divide/1]).

divide(X) ->
    1 / X.

main(_) ->
    Pid = spawn(crash, divide, [0]),
    timer:sleep(100),
    io:format("child alive: ~p~n", [is_process_alive(Pid)]),
    io:format("the parent carries on~n").
