%% erlang:send_after/3 and start_timer/3 deliver their messages when due,
%% in the order of their deadlines: to a pid, to a name looked up when the
%% timer fires (registered after the timer started), never to a name not
%% registered by then; start_timer's message is {timeout, Ref, Msg} with
%% the reference it returned; a time 0 timer fires at once; and a program
%% whose only process waits for a timer's message is not deadlocked.
-module(send_after_delivery).
-export([main/1, id/1]).

main(_) ->
    Self = self(),
    R1 = erlang:send_after(id(60), Self, third),
    R2 = erlang:send_after(id(20), Self, first),
    T = erlang:start_timer(id(40), Self, second),
    p({is_reference(R1), is_reference(R2), is_reference(T), R1 =/= R2}),
    p(next()),
    p(case next() of {timeout, T, second} -> timeout_with_its_ref; Other -> Other end),
    p(next()),
    erlang:send_after(id(30), later_name, by_name),
    erlang:send_after(id(10), nobody_here, dropped),
    register(later_name, Self),
    p(next()),
    p(receive dropped -> dropped after 50 -> nothing_else end),
    erlang:send_after(id(0), Self, at_once),
    p(next()),
    Z = erlang:start_timer(id(0), Self, zero),
    p(case next() of {timeout, Z, zero} -> zero_timeout; Other2 -> Other2 end),
    p(erlang:read_timer(R1)).

next() ->
    receive M -> M after 5000 -> too_late end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
