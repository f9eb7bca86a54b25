%% Memory going back after a peak: a ring of N linked processes is spawned,
%% settled by one trip of a token and killed; the program then stays idle
%% for S seconds, printing a line each second, and spawns the ring again.
%% Run it as
%%   erl +P <N+1000> -noshell -run memory_return main N S -s init stop
%% memory_return.gasm is its assembly, as erlc compiles it.
%% girder-bench memory-return reads the resident memory at each line.
-module(memory_return).
-export([main/1, node/1]).

main([NArg, SArg]) ->
    N = list_to_integer(NArg),
    S = list_to_integer(SArg),
    process_flag(trap_exit, true),
    io:format("start 0 0~n"),
    ring(N, spawn),
    idle(1, S),
    ring(N, respawn),
    io:format("checksum ~p~n", [N]).

%% ring(N, Phase): spawns N processes (a line `Phase N NS`), settles them
%% (`settle N NS`), kills them and waits for the last to be gone
%% (`teardown N NS`).
ring(N, Phase) ->
    T0 = erlang:monotonic_time(nanosecond),
    First = spawn_nodes(N, self()),
    T1 = erlang:monotonic_time(nanosecond),
    io:format("~p ~p ~p~n", [Phase, N, T1 - T0]),
    First ! 0,
    receive N -> ok end,
    T2 = erlang:monotonic_time(nanosecond),
    io:format("settle ~p ~p~n", [N, T2 - T1]),
    exit(First, kill),
    receive {'EXIT', _, _} -> ok end,
    T3 = erlang:monotonic_time(nanosecond),
    io:format("teardown ~p ~p~n", [N, T3 - T2]).

%% idle(I, S): a line `idle I 0` at each second I of S.
idle(I, S) when I > S -> ok;
idle(I, S) ->
    receive after 1000 -> ok end,
    io:format("idle ~p 0~n", [I]),
    idle(I + 1, S).

spawn_nodes(0, Next) -> Next;
spawn_nodes(I, Next) -> spawn_nodes(I - 1, spawn(?MODULE, node, [Next])).

%% node(Next): links to Next, then forwards every token to it, one higher.
node(Next) ->
    link(Next),
    loop(Next).

loop(Next) ->
    receive Token -> Next ! Token + 1, loop(Next) end.
