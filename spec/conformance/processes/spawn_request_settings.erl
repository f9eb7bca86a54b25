%% spawn_request/5 with spawn_opt's settings and monitor options: a
%% tagged monitor's 'DOWN' carries the tag and the request's reference; an
%% alias made by the monitor reaches the caller; a bad setting, a heap
%% limit below the smallest heap, or bad monitor options are answered with
%% badopt; the settings reach the new process.
-module(spawn_request_settings).
-export([main/1]).

main(_) ->
    R1 = spawn_request(node(), erlang, exit, [x], [{monitor, [{tag, t}]}]),
    P1 = receive {spawn_reply, R1, ok, Pid1} when is_pid(Pid1) -> p(replied), Pid1 end,
    receive {t, R1, process, P1, W1} -> p({tagged_down, W1}) end,
    [begin
         R = spawn_request(node(), erlang, exit, [x], Options),
         receive {spawn_reply, R, error, Why} -> p({Options, Why}) end
     end || Options <- [[{priority, bad}], [{max_heap_size, 10}], [{monitor, [bad]}],
                        [{min_heap_size, -1}], [{message_queue_data, x}]]],
    Self = self(),
    _ = spawn_request(node(), erlang, apply,
                      [fun() -> Self ! {settings, process_info(self(), [priority, max_heap_size])} end, []],
                      [{priority, high}, {max_heap_size, 5000}, {reply, no}]),
    receive {settings, Settings} -> p(Settings) end,
    R6 = spawn_request(node(), erlang, apply, [fun() -> receive {go, To} -> To ! went end end, []],
                       [{monitor, [{alias, demonitor}]}]),
    P6 = receive {spawn_reply, R6, ok, Pid6} -> Pid6 ! {go, R6}, Pid6 end,
    receive went -> p(alias_reached) end,
    receive {'DOWN', R6, process, P6, W6} -> p({down, W6}) end.

p(X) -> io:format("~p~n", [X]).
