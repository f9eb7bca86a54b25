-module(hibernate).
-export([main/1, wake/2]).

%% erlang:hibernate/3: the process waits for a message without taking it,
%% then calls M:F(A) in place of the hibernating call, which never
%% returns; the message is still there for the function to receive.
main(_) ->
    Self = self(),
    P = spawn(fun() -> erlang:hibernate(?MODULE, wake, [Self, first]) end),
    timer:sleep(20),
    io:format("~p~n", [process_info(P, current_function)]),
    P ! {hello, 1},
    receive {woke, Tag, M} -> io:format("woke ~p with ~p~n", [Tag, M]) end,
    P ! {hello, 2},
    receive {woke, Tag2, M2} -> io:format("woke ~p with ~p~n", [Tag2, M2]) end,
    Ref = monitor(process, P),
    P ! stop,
    receive {'DOWN', Ref, process, P, Reason} -> io:format("ended ~p~n", [Reason]) end.

%% Takes the message it was woken by, then hibernates again until stop.
wake(Parent, Tag) ->
    receive
        stop -> ok;
        Message ->
            Parent ! {woke, Tag, Message},
            erlang:hibernate(?MODULE, wake, [Parent, again])
    end.
