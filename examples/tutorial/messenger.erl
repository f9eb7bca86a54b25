%% A listener that loops: print_result/0 takes one message, prints it and
%% calls itself to wait for the next. main/1 spawns it and sends it three
%% strings, then sleeps so that the listener has time to print them.
-module(messenger).
-export([main/1, print_result/0]).

print_result() ->
    receive
        Msg ->
            io:format("~p~n", [Msg]),
            print_result()
    end.

main(_) ->
    Pid = spawn(messenger, print_result, []),
    Pid ! "Zaphod was here.",
    Pid ! "Ford is missing.",
    Pid ! "Arthur is pining for Trillian.",
    timer:sleep(100).
