%% spawn_link: the child crashes (badarith), and the exit signal that the
%% link carries kills the parent too, so its last line is never printed and
%% girder exits with status 1. (main/1 first turns trap_exit off: girder
%% starts it off, but erl -eval runs main/1 in a process that traps exits.
%% The child waits 100 ms before it crashes: when the -eval process dies,
%% erl stops at once and may lose output not yet written.)
-module(crash_link).
-export([main/1, divide/1]).

divide(X) ->
    timer:sleep(100),
    1 / X.

main(_) ->
    process_flag(trap_exit, false),
    io:format("parent starts~n"),
    spawn_link(crash_link, divide, [0]),
    timer:sleep(1000),
    io:format("never printed~n").
