%% The Erlang twin of ring.gasm: a ring of N processes, each linked to the
%% next, passing a counting token. Run it as
%%   erl +P <N+1000> -noshell -run ring main N M -s init stop
%% girder-bench compares the lines it prints with girder's.
-module(ring).
-export([main/1, node/1]).

main([NArg, MArg]) ->
    N = list_to_integer(NArg),
    M = list_to_integer(MArg),
    process_flag(trap_exit, true),
    T0 = erlang:monotonic_time(nanosecond),
    First = spawn_nodes(N, self()),
    T1 = erlang:monotonic_time(nanosecond),
    io:format("spawn ~p ~p~n", [N, T1 - T0]),
    Settled = round(First, 0),
    T2 = erlang:monotonic_time(nanosecond),
    io:format("settle ~p ~p~n", [N, T2 - T1]),
    Count = rounds(M, First, Settled),
    T3 = erlang:monotonic_time(nanosecond),
    io:format("hops ~p ~p~n", [M * N, T3 - T2]),
    exit(First, kill),
    receive {'EXIT', _, _} -> ok end,
    T4 = erlang:monotonic_time(nanosecond),
    io:format("teardown ~p ~p~n", [N, T4 - T3]),
    io:format("checksum ~p~n", [Count]).

%% spawn_nodes(I, Next): I nodes, each forwarding to the one spawned before
%% it; the first one spawned forwards to the master. Returns the last one.
spawn_nodes(0, Next) -> Next;
spawn_nodes(I, Next) -> spawn_nodes(I - 1, spawn(ring, node, [Next])).

%% round(First, Token): one trip of the token around the ring.
round(First, Token) ->
    First ! Token,
    receive Count -> Count end.

rounds(0, _First, Count) -> Count;
rounds(R, First, Count) -> rounds(R - 1, First, round(First, Count)).

%% node(Next): links to Next, then forwards every token to it, one higher.
node(Next) ->
    link(Next),
    loop(Next).

loop(Next) ->
    receive Token -> Next ! Token + 1, loop(Next) end.
