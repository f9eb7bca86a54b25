%% The Erlang twin of pingpong.gasm: N round trips of a small integer
%% between two processes. Run it as
%%   erl -noshell -run pingpong main N -s init stop
-module(pingpong).
-export([main/1, pong/1]).

main([NArg]) ->
    N = list_to_integer(NArg),
    Pong = spawn(pingpong, pong, [self()]),
    ping(1, Pong),
    T0 = erlang:monotonic_time(nanosecond),
    ping(N, Pong),
    T1 = erlang:monotonic_time(nanosecond),
    exit(Pong, kill),
    io:format("pingpong ~p ~p~n", [N, T1 - T0]).

%% ping(I, Pong): sends I, I - 1, ..., 1 and waits for each to come back.
ping(0, _Pong) -> ok;
ping(I, Pong) ->
    Pong ! I,
    receive I -> ping(I - 1, Pong) end.

%% pong(Ping): sends every message back.
pong(Ping) ->
    receive X -> Ping ! X, pong(Ping) end.
