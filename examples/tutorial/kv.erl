%% A key-value store: a process whose state is a map, passed from one call
%% of loop/1 to the next. {put, K, V} updates the map; {get, K, From} sends
%% the value back, or nil (as Elixir's Map.get/2 does) for a missing key.
%% Then the process is registered as kv and used by its name.
-module(kv).
-export([main/1, start_link/0]).

start_link() ->
    spawn_link(fun() -> loop(#{}) end).

loop(Map) ->
    receive
        {get, Key, From} ->
            From ! maps:get(Key, Map, nil),
            loop(Map);
        {put, Key, Value} ->
            loop(maps:put(Key, Value, Map))
    end.

main(_) ->
    Pid = start_link(),
    Pid ! {get, hello, self()},
    receive V1 -> io:format("get hello: ~p~n", [V1]) end,
    Pid ! {put, hello, world},
    Pid ! {get, hello, self()},
    receive V2 -> io:format("get hello: ~p~n", [V2]) end,
    io:format("register: ~p~n", [register(kv, Pid)]),
    io:format("whereis: ~p~n", [whereis(kv) =:= Pid]),
    kv ! {put, answer, 42},
    kv ! {get, answer, self()},
    receive V3 -> io:format("get answer: ~p~n", [V3]) end,
    kv ! {get, hello, self()},
    receive V4 -> io:format("get hello: ~p~n", [V4]) end.
