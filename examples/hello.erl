%% hello.erl: the smallest Erlang program, run by girder as Erlang/OTP runs it.
%%
%%   girder run examples/hello.erl            prints  Hello from girder!
%%   girder run examples/hello.erl Ada        prints  Hello, Ada!
%%
%% girder compiles it with erlc (into a cache, reused while the source is
%% unchanged); hello.beam beside it is the same module compiled with
%% `erlc +deterministic`, which runs without Erlang/OTP installed.
-module(hello).
-export([main/1]).

main([Name | _]) ->
    io:format("Hello, ~s!~n", [Name]);
main([]) ->
    io:format("Hello from girder!~n").
