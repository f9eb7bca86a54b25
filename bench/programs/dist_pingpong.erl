%% The Erlang twin of dist_pingpong.gasm: round trips of a small integer
%% between processes on two nodes. The pong node:
%%   erl -name pong@127.0.0.1 -setcookie C -noshell -run dist_pingpong main pong
%% then the ping node, which prints `dist_pingpong N T` (T in nanoseconds
%% for the N round trips) and stops the pong node's process:
%%   erl -name ping@127.0.0.1 -setcookie C -noshell -run dist_pingpong main ping pong@127.0.0.1 N -s init stop
-module(dist_pingpong).
-export([main/1]).

main(["pong"]) ->
    register(pong, self()),
    io:format("ready~n"),
    pong(),
    init:stop();
main(["ping", Node, NArg]) ->
    N = list_to_integer(NArg),
    Pong = {pong, list_to_atom(Node)},
    ping(1, Pong),
    T0 = erlang:monotonic_time(nanosecond),
    ping(N, Pong),
    T1 = erlang:monotonic_time(nanosecond),
    Pong ! stop,
    io:format("dist_pingpong ~p ~p~n", [N, T1 - T0]).

%% ping(I, Pong): sends {self(), I}, ..., {self(), 1} and waits for each
%% I to come back.
ping(0, _Pong) -> ok;
ping(I, Pong) ->
    Pong ! {self(), I},
    receive I -> ping(I - 1, Pong) end.

%% pong(): sends every number back to its sender, until `stop`.
pong() ->
    receive
        {From, X} -> From ! X, pong();
        stop -> ok
    end.
