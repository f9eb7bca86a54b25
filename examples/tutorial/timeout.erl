%% receive ... after: with no message, after 1000 waits a second and then
%% runs its branch. after 0 does not wait: it times out at once on an empty
%% mailbox, takes a matching message at once, and leaves a message that does
%% not match where it is.
-module(timeout).
-export([main/1]).

main(_) ->
    T0 = erlang:monotonic_time(millisecond),
    receive
    after 1000 -> io:format("nothing after 1s~n")
    end,
    T1 = erlang:monotonic_time(millisecond),
    io:format("waited at least 1000 ms: ~p~n", [T1 - T0 >= 1000]),
    io:format("~p~n", [hello_after_0()]),
    self() ! {hello, world},
    io:format("~p~n", [hello_after_0()]),
    self() ! goodbye,
    io:format("~p~n", [hello_after_0()]),
    c:flush().

hello_after_0() ->
    receive
        {hello, Msg} -> {got, Msg}
    after 0 -> no_hello
    end.
