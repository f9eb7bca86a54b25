%% The timer module, as OTP 25 has it: send_after/2,3 answering {ok,
%% {instant | send_local | once, Ref}}, apply_after/4 (at once for time 0),
%% send_interval/2,3 and apply_interval/4 until cancelled, cancel/1,
%% exit_after/2,3 and kill_after/1,2, sleep/1, tc/1,2,3, now_diff/2,
%% seconds/1, minutes/1, hours/1, hms/3, and {error, badarg} for bad
%% arguments.
-module(timer_module).
-export([main/1, id/1, notify/2]).

main(_) ->
    Self = self(),
    p(tag(timer:send_after(id(0), Self, zero))),
    p(next()),
    p(tag(timer:send_after(id(10), Self, local))),
    p(next()),
    p(tag(timer:send_after(id(10), local_name, by_name))),
    register(local_name, Self),
    p(next()),
    p(tag(timer:send_after(id(10), {local_name, node()}, by_name_on_node))),
    p(next()),
    p(tag(timer:send_after(id(10), two))),
    p(next()),
    p(timer:send_after(id(-1), Self, x)),
    p(timer:send_after(id(1.0), Self, x)),
    p(timer:send_after(id(10), id("name"), x)),
    p(timer:send_after(id(1 bsl 60), nobody, x)),
    p(try timer:send_after(id(0), nobody, x) catch C:R -> {C, R} end),
    p(tag(timer:apply_after(id(0), ?MODULE, notify, [Self, applied_at_once]))),
    p(next()),
    p(tag(timer:apply_after(id(10), ?MODULE, notify, [Self, applied_later]))),
    p(next()),
    p(tag(timer:apply_after(id(10), timer, send, [Self, sent_by_apply]))),
    p(next()),
    p(timer:apply_after(id(10), id("m"), f, [])),
    p(timer:apply_after(id(10), m, f, id(x))),
    p(timer:apply_after(id(-5), m, f, [])),
    {ok, Once} = timer:send_after(id(10000), nobody, never),
    p(timer:cancel(Once)),
    {ok, Local} = timer:send_after(id(10000), Self, never),
    p(timer:cancel(Local)),
    p(timer:cancel(Local)),
    {ok, Interval} = timer:send_interval(id(10), tick),
    p({interval, tag({ok, Interval})}),
    p([next(), next(), next()]),
    p(timer:cancel(Interval)),
    receive after 30 -> ok end,
    flush(tick),
    p(receive tick -> still_ticking after 50 -> stopped end),
    {ok, Applied} = timer:apply_interval(id(10), ?MODULE, notify, [Self, applied_tick]),
    p([next(), next()]),
    p(timer:cancel(Applied)),
    receive after 30 -> ok end,
    flush(applied_tick),
    p(receive applied_tick -> still_ticking after 50 -> stopped end),
    p(timer:send_interval(id(-1), tick)),
    p(timer:send_interval(id(10), id("name"), tick)),
    p(tag(timer:send_interval(id(10), unregistered_name, tick))),
    p(receive tick -> tick after 50 -> no_tick end),
    p(timer:cancel({instant, make_ref()})),
    p(timer:cancel({foo, make_ref()})),
    p(timer:cancel(make_ref())),
    p(timer:cancel({once, not_a_ref})),
    Victim = spawn(fun() -> receive after infinity -> ok end end),
    VRef = monitor(process, Victim),
    p(tag(timer:exit_after(id(10), Victim, stop_now))),
    p(receive {'DOWN', VRef, process, Victim, Why} -> {down, Why} after 5000 -> late end),
    Victim2 = spawn(fun() -> receive after infinity -> ok end end),
    VRef2 = monitor(process, Victim2),
    p(tag(timer:kill_after(id(10), Victim2))),
    p(receive {'DOWN', VRef2, process, Victim2, Why2} -> {down, Why2} after 5000 -> late end),
    Victim3 = spawn(fun() -> timer:kill_after(id(10)), receive after infinity -> ok end end),
    VRef3 = monitor(process, Victim3),
    p(receive {'DOWN', VRef3, process, Victim3, Why3} -> {down, Why3} after 5000 -> late end),
    Victim4 = spawn(fun() -> timer:exit_after(id(10), bye), receive after infinity -> ok end end),
    VRef4 = monitor(process, Victim4),
    p(receive {'DOWN', VRef4, process, Victim4, Why4} -> {down, Why4} after 5000 -> late end),
    p(timer:sleep(id(10))),
    Before = erlang:monotonic_time(millisecond),
    timer:sleep(id(30)),
    p({slept_enough, erlang:monotonic_time(millisecond) - Before >= 30}),
    {T1, V1} = timer:tc(fun() -> lists:reverse([1, 2, 3]) end),
    p({tc1, is_integer(T1), T1 >= 0, V1}),
    {T2, V2} = timer:tc(fun(X, Y) -> X + Y end, [1, 2]),
    p({tc2, is_integer(T2), V2}),
    {T3, V3} = timer:tc(lists, seq, [1, 4]),
    p({tc3, is_integer(T3), V3}),
    {T4, _} = timer:tc(timer, sleep, [20]),
    p({tc_sleep, T4 >= 20000}),
    p(timer:now_diff({1, 2, 3}, {0, 1, 2})),
    p(timer:now_diff({0, 0, 0}, {1, 0, 0})),
    p({timer:seconds(2), timer:minutes(3), timer:hours(1), timer:hms(1, 2, 3), timer:seconds(1.5)}),
    p(try timer:seconds(id(a)) catch C2:R2 -> {C2, R2} end),
    p(try timer:sleep(id(-1)) catch C3:R3 -> {C3, R3} end),
    p(try timer:tc(fun(X) -> X end, id(1)) catch C4:R4 -> {C4, R4} end).

notify(Pid, Msg) -> Pid ! Msg.

tag({ok, {Tag, Ref}}) when is_reference(Ref) -> {ok, Tag};
tag(Other) -> Other.

next() ->
    receive M -> M after 5000 -> too_late end.

flush(Msg) ->
    receive Msg -> flush(Msg) after 0 -> ok end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
