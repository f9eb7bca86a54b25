%% The key-value process of Elixir's guide "Processes" (the `KV` module of
%% kv.exs), in Erlang: its state is a map, kept by looping.
-module(kv).
-export([start_link/0]).

start_link() ->
    {ok, spawn_link(fun() -> loop(#{}) end)}.

loop(Map) ->
    receive
        {get, Key, Caller} ->
            Caller ! maps:get(Key, Map, nil),
            loop(Map);
        {put, Key, Value} ->
            loop(maps:put(Key, Value, Map))
    end.
