%% demonitor/2 with each combination of flush and info: info returns
%% whether the monitor was still there (false once its 'DOWN' is in the
%% mailbox, or for a reference that names no monitor), flush drops the
%% 'DOWN'; other options, improper lists and non-references are badarg.
-module(demonitor_options).
-export([main/1, waiter/0]).

main(_) ->
    lists:foreach(fun alive/1, [[], [info], [flush], [flush, info], [info, flush, info]]),
    lists:foreach(fun dead/1, [[], [info], [flush], [flush, info]]),
    p(demonitor(make_ref(), [info])),
    p(demonitor(make_ref(), [flush, info])),
    p(demonitor(make_ref(), [])),
    bad(make_ref(), [bad]),
    bad(make_ref(), [flush | info]),
    bad(make_ref(), flush),
    bad(not_a_ref, []),
    bad(not_a_ref, [info]).

%% The monitored process is alive: every combination removes the monitor.
alive(Options) ->
    Pid = spawn(demonitor_options, waiter, []),
    Ref = monitor(process, Pid),
    p({alive, Options, demonitor(Ref, Options), demonitor(Ref, [info])}),
    Pid ! go.

%% The monitored process has ended and its 'DOWN' is in the mailbox.
dead(Options) ->
    Pid = spawn(demonitor_options, waiter, []),
    Ref = monitor(process, Pid),
    Pid ! go,
    queue_length_at_least(1),
    Result = demonitor(Ref, Options),
    Left = receive {'DOWN', Ref, process, Pid, Reason} -> Reason after 0 -> flushed end,
    p({dead, Options, Result, Left}).

bad(Ref, Options) ->
    try demonitor(Ref, Options) of
        V -> p({returned, V})
    catch
        C:R -> p({C, R})
    end.

waiter() ->
    receive go -> ok end.

%% Waits until at least N messages have arrived.
queue_length_at_least(N) ->
    case process_info(self(), message_queue_len) of
        {message_queue_len, Length} when Length >= N -> ok;
        _ -> receive after 1 -> queue_length_at_least(N) end
    end.

p(X) -> io:format("~p~n", [X]).
