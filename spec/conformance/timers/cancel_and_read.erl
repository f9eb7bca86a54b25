%% erlang:cancel_timer/1,2 and read_timer/1,2: the milliseconds left
%% (rounded up, so a fresh 10-second timer has 10000 at most and no less
%% than a few less), `false` once a timer fired or was cancelled, for a
%% reference that is not a timer and for a timer whose process ended; a
%% cancelled timer never delivers; the async and info options; and a timer
%% cancelled by another process than the one that started it.
-module(cancel_and_read).
-export([main/1, id/1]).

main(_) ->
    Self = self(),
    R = erlang:send_after(id(10000), Self, never),
    Read = erlang:read_timer(R),
    p({read, is_integer(Read), Read =< 10000, Read > 9000}),
    Left = erlang:cancel_timer(R),
    p({cancel, is_integer(Left), Left =< 10000, Left > 9000}),
    p({again, erlang:cancel_timer(R), erlang:read_timer(R)}),
    p({not_a_timer, erlang:cancel_timer(make_ref()), erlang:read_timer(make_ref())}),
    F = erlang:send_after(id(0), Self, fired),
    p(receive fired -> fired after 5000 -> late end),
    p({after_firing, erlang:cancel_timer(F), erlang:read_timer(F)}),
    A = erlang:send_after(id(10000), Self, never),
    p({async, erlang:cancel_timer(A, [{async, true}])}),
    p(receive {cancel_timer, A, N} when is_integer(N), N > 9000 -> {cancel_timer, ref, ms} after 5000 -> late end),
    p({async_again, erlang:cancel_timer(A, [{async, true}, {info, true}])}),
    p(receive {cancel_timer, A, Res} -> {cancel_timer, ref, Res} after 5000 -> late end),
    B = erlang:send_after(id(10000), Self, never),
    p({no_info, erlang:cancel_timer(B, [{info, false}]), erlang:cancel_timer(B, [{async, true}, {info, false}])}),
    p(receive {cancel_timer, _, _} = M -> {unexpected, M} after 50 -> no_message end),
    C = erlang:start_timer(id(10000), Self, never),
    p({read_async, erlang:read_timer(C, [{async, true}])}),
    p(receive {read_timer, C, N2} when N2 > 9000 -> {read_timer, ref, ms} after 5000 -> late end),
    p({read_sync, is_integer(erlang:read_timer(C, [{async, false}]))}),
    p({last_option_wins, erlang:cancel_timer(C, [{info, false}, {info, true}]) > 9000}),
    D = erlang:send_after(id(10000), Self, never),
    Helper = spawn(fun() -> receive {cancel, Ref, From} -> From ! {cancelled, erlang:cancel_timer(Ref) > 9000} end end),
    Helper ! {cancel, D, Self},
    p(receive {cancelled, _} = Cancelled -> Cancelled after 5000 -> late end),
    p({cancelled_elsewhere, erlang:read_timer(D)}),
    Waiter = spawn(fun() -> receive stop -> ok end end),
    E = erlang:send_after(id(10000), Waiter, never),
    p({to_live_process, is_integer(erlang:read_timer(E))}),
    Ref = monitor(process, Waiter),
    Waiter ! stop,
    receive {'DOWN', Ref, process, Waiter, _} -> ok end,
    p({after_its_process_ended, erlang:read_timer(E), erlang:cancel_timer(E)}),
    Dead = spawn(fun() -> ok end),
    Ref2 = monitor(process, Dead),
    receive {'DOWN', Ref2, process, Dead, _} -> ok end,
    G = erlang:send_after(id(10000), Dead, never),
    p({to_dead_process, is_reference(G), erlang:read_timer(G)}),
    p(receive never -> never after 50 -> nothing end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
