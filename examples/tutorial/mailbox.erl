%% A process's mailbox, as in the LFE tutorial: messages sent to self()
%% wait there until c:flush() prints and drops them; a receive takes a
%% message that matches its pattern (here a list of three) and binds its
%% parts.
-module(mailbox).
-export([main/1]).

main(_) ->
    Pid = self(),
    Pid ! "Testing: 1, 2, 3!",
    Pid ! "This is another test message...",
    Pid ! [1, 2, 3],
    c:flush(),
    Pid ! [1, 2, 3],
    receive
        [A, B, C] -> io:format("results: ~p ~p ~p~n", [A, B, C])
    end.
