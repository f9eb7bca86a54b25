%% receive ... after 50 waits about 50 milliseconds when no message comes,
%% then runs the timeout branch.
-module(after_timeout).
-export([main/1, id/1]).

main(_) ->
    T0 = erlang:monotonic_time(millisecond),
    R = receive never -> never after id(50) -> timed_out end,
    T1 = erlang:monotonic_time(millisecond),
    p(R),
    p(T1 - T0 >= 50),
    p(T1 - T0 < 5000).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
