%% spawn_link: the child crashes (badarith), and the exit signal that the
%% link carries kills the parent too, so its last line is never printed and
%% girder exits with status 1. As in Elixir's spawn.exs, the parent waits
%% in a receive for a message that never comes; the child crashes only when
%% the parent says go, after its first line is out.
-module(crash_link).
-export([main/1, divide/1]).

divide(X) ->
    receive
        go -> 1 / X
    end.

main(_) ->
    io:format("parent starts~n"),
    Pid = spawn_link(crash_link, divide, [0]),
    Pid ! go,
    receive
        hello -> io:format("never printed~n")
    end.
