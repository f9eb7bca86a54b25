%% send_after/4 and start_timer/4 with {abs, true}: the time is a point of
%% erlang:monotonic_time(millisecond); a point already past (but not before
%% the VM started) fires at once;
%% with {abs, false} (or no option) the time is relative; of several abs
%% options the last wins.
-module(absolute_time).
-export([main/1, id/1]).

main(_) ->
    Self = self(),
    Now = erlang:monotonic_time(millisecond),
    R = erlang:send_after(Now + id(10000), Self, never, [{abs, true}]),
    Left = erlang:read_timer(R),
    p({abs_read, Left =< 10000, Left > 9000}),
    erlang:cancel_timer(R),
    erlang:send_after(erlang:monotonic_time(millisecond) + id(30), Self, absolute, [{abs, true}]),
    p(next()),
    erlang:send_after(id(Now), Self, in_the_past, [{abs, true}]),
    p(next()),
    T = erlang:start_timer(erlang:monotonic_time(millisecond) + id(20), Self, tick, [{abs, true}]),
    p(case next() of {timeout, T, tick} -> abs_timeout; Other -> Other end),
    erlang:send_after(id(10), Self, relative, [{abs, false}]),
    p(next()),
    erlang:send_after(id(10), Self, no_options, []),
    p(next()),
    L = erlang:send_after(id(10000), Self, never, [{abs, true}, {abs, false}]),
    p({last_wins_relative, erlang:cancel_timer(L) > 9000}),
    L2 = erlang:send_after(erlang:monotonic_time(millisecond) + id(10000), Self, never, [{abs, false}, {abs, true}]),
    p({last_wins_absolute, erlang:cancel_timer(L2) > 9000}).

next() ->
    receive M -> M after 5000 -> too_late end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
