%% The longest receive timeout is 2^32 - 1 milliseconds, as in OTP: 2^32
%% and more, a negative integer, a float or an atom other than infinity
%% raise timeout_value; a receive with 2^32 - 1 or infinity waits.
-module(timeout_limits).
-export([main/1, id/1, waiter/2]).

main(_) ->
    p(t(4294967296)),
    p(t(4294967297)),
    p(t(18446744073709551616)),
    p(t(-1)),
    p(t(-4294967296)),
    p(t(1.0)),
    p(t(never)),
    p(t(0)),
    p(w(4294967295)),
    p(w(infinity)).

p(X) -> io:format("~p~n", [X]).

t(T) ->
    try receive x -> x after id(T) -> timed_out end
    catch C:R -> {C, R}
    end.

%% A process waits for go with timeout T; go is sent once it waits.
w(T) ->
    Pid = spawn(timeout_limits, waiter, [self(), T]),
    until_waiting(Pid),
    Pid ! go,
    receive {waited, R} -> R end.

until_waiting(Pid) ->
    case process_info(Pid, status) of
        {status, waiting} -> ok;
        _ -> receive after 1 -> until_waiting(Pid) end
    end.

waiter(Parent, T) ->
    R = receive go -> got_go after T -> timed_out end,
    Parent ! {waited, R}.

id(X) -> X.
