%% A key-value store, as in Elixir's guide: a process whose state is a map,
%% passed from one call of loop/1 to the next. {put, K, V} updates the map;
%% {get, K, From} sends the value back, or nil (as Elixir's Map.get/2 does)
%% for a missing key. main/1 reads each answer with c:flush() once it has
%% arrived, as the guide's user does; then the process is registered as kv
%% and used by its name.
-module(kv).
-export([main/1, start_link/0]).

start_link() ->
    {ok, spawn_link(fun() -> loop(#{}) end)}.

loop(Map) ->
    receive
        {get, Key, From} ->
            From ! maps:get(Key, Map, nil),
            loop(Map);
        {put, Key, Value} ->
            loop(maps:put(Key, Value, Map))
    end.

main(_) ->
    {ok, Pid} = start_link(),
    Pid ! {get, hello, self()},
    flush_reply(),
    Pid ! {put, hello, world},
    Pid ! {get, hello, self()},
    flush_reply(),
    io:format("~p~n", [register(kv, Pid)]),
    kv ! {get, hello, self()},
    flush_reply().

%% Waits until the answer is in the mailbox, without taking it, however
%% loaded the machine; then c:flush() prints it.
flush_reply() ->
    case process_info(self(), message_queue_len) of
        {message_queue_len, 0} ->
            timer:sleep(1),
            flush_reply();
        {message_queue_len, _} ->
            c:flush()
    end.
