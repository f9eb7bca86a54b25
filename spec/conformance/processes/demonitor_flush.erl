%% demonitor(Ref, [flush]) removes the 'DOWN' message of that monitor only:
%% a second monitor's 'DOWN' for the same process stays. A 'DOWN' still on
%% its way when demonitor runs never arrives after it.
-module(demonitor_flush).
-export([main/1, waiter/0]).

main(_) ->
    {Pid, Ref1} = spawn_monitor(demonitor_flush, waiter, []),
    Ref2 = monitor(process, Pid),
    p({Pid, Ref1, Ref2}),
    Pid ! go,
    queue_length_at_least(2),
    p(demonitor(Ref1, [flush])),
    p(process_info(self(), messages)),
    p(demonitor(Ref2, [flush])),
    p(process_info(self(), messages)),
    {Pid2, Ref3} = spawn_monitor(demonitor_flush, waiter, []),
    Ref4 = monitor(process, Pid2),
    p({Pid2, Ref3, Ref4}),
    Pid2 ! go,
    p(demonitor(Ref3, [flush])),
    receive {'DOWN', Ref4, process, Pid2, Reason} -> p(Reason) end,
    p(process_info(self(), messages)).

waiter() ->
    receive go -> ok end.

%% Waits until at least N messages have arrived.
queue_length_at_least(N) ->
    case process_info(self(), message_queue_len) of
        {message_queue_len, Length} when Length >= N -> ok;
        _ -> receive after 1 -> queue_length_at_least(N) end
    end.

p(X) -> io:format("~w~n", [X]).
