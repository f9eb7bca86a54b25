%% Selective receive, as in the LFE tutorial: three tuples are sent to
%% self(); a receive whose pattern is a one-element tuple takes only {3},
%% and leaves the others in the mailbox, in order, for c:flush() to print.
-module(selective).
-export([main/1]).

main(_) ->
    Pid = self(),
    Pid ! {1, 2, 3},
    Pid ! {2, 3},
    Pid ! {3},
    receive
        {A} -> io:format("results: ~p ~n", [A])
    end,
    c:flush().
