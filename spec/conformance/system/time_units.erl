%% Time units: convert_time_unit/3 rounds down (towards negative infinity)
%% between named units, the deprecated plural names and parts per second;
%% monotonic, system and OS times in every unit; the time offset; the
%% timestamp forms; os:perf_counter/0,1; and badarg for a bad unit or time.
-module(time_units).
-export([main/1, id/1]).

main(_) ->
    C = fun(T, F, To) -> try erlang:convert_time_unit(id(T), id(F), id(To)) catch E:R -> {E, R} end end,
    p([C(1, second, millisecond), C(1999, millisecond, second), C(-1, nanosecond, second),
       C(-1000000000, nanosecond, second), C(-1000000001, nanosecond, second), C(3, 7, 5), C(-3, 7, 5),
       C(1, seconds, milli_seconds), C(2, micro_seconds, nano_seconds), C(1, native, nanosecond) > 0,
       C(1000000000, perf_counter, second) >= 0, C(1 bsl 80, second, nanosecond), C(5, 1 bsl 70, 1 bsl 71),
       C(1.0, second, millisecond), C(1, foo, second), C(1, 0, second), C(1, -1, second), C(1, second, 2.5),
       C(a, second, second)]),
    Units = [second, millisecond, microsecond, nanosecond, native, perf_counter, seconds, milli_seconds,
             micro_seconds, nano_seconds, 1, 1000, 3],
    p([is_integer(erlang:monotonic_time(U)) || U <- Units]),
    p([is_integer(erlang:system_time(U)) || U <- Units]),
    p([is_integer(os:system_time(U)) || U <- Units]),
    p([is_integer(erlang:time_offset(U)) || U <- Units]),
    p({is_integer(erlang:monotonic_time()), is_integer(erlang:system_time()), is_integer(os:system_time()),
       is_integer(erlang:time_offset()), is_integer(os:perf_counter()), is_integer(os:perf_counter(millisecond))}),
    M1 = erlang:monotonic_time(),
    M2 = erlang:monotonic_time(),
    p({monotonic, M2 >= M1}),
    Sys = erlang:system_time(nanosecond),
    Sum = erlang:monotonic_time(nanosecond) + erlang:time_offset(nanosecond),
    p({system_is_monotonic_plus_offset, abs(Sum - Sys) < 1000000000}),
    p({system_near_os, abs(erlang:system_time(second) - os:system_time(second)) =< 2}),
    {Mega, Sec, Micro} = erlang:timestamp(),
    p({timestamp, Sec < 1000000, Micro < 1000000,
       abs((Mega * 1000000 + Sec) - erlang:system_time(second)) =< 2}),
    {OMega, OSec, OMicro} = os:timestamp(),
    p({os_timestamp, OSec < 1000000, OMicro < 1000000,
       abs((OMega * 1000000 + OSec) - os:system_time(second)) =< 2}),
    T = fun(F) -> try F() of _ -> returned catch E:R -> {E, R} end end,
    p([T(fun() -> erlang:monotonic_time(id(foo)) end), T(fun() -> erlang:system_time(id(0)) end),
       T(fun() -> os:system_time(id(foo)) end), T(fun() -> erlang:time_offset(id(-1)) end),
       T(fun() -> erlang:system_time(id(1.0)) end)]).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
