%% ping_pong.erl: two processes pass a message back and forth, as in
%% Erlang's "Getting Started" (section 3.2, "Message Passing").
%%
%%   girder run examples/ping_pong.erl
%%
%% ping_pong.beam beside it is this module compiled with
%% `erlc +deterministic`, which runs without Erlang/OTP installed.
-module(ping_pong).
-export([main/1, ping/2, pong/0]).

ping(0, Pong_PID) ->
    io:format("ping finished~n", []),
    Pong_PID ! finished;
ping(N, Pong_PID) ->
    Pong_PID ! {ping, self()},
    receive
        pong ->
            io:format("Ping received pong~n", [])
    end,
    ping(N - 1, Pong_PID).

pong() ->
    receive
        finished ->
            io:format("Pong finished~n", []);
        {ping, Ping_PID} ->
            io:format("Pong received ping~n", []),
            Ping_PID ! pong,
            pong()
    end.

main(_) ->
    Pong_PID = spawn(ping_pong, pong, []),
    Ref = monitor(process, Pong_PID),
    spawn(ping_pong, ping, [3, Pong_PID]),
    %% The run ends when main/1 returns: wait until pong has finished.
    receive {'DOWN', Ref, process, Pong_PID, normal} -> ok end.
