%% Selective receive: three tuples are queued to self(); a receive whose
%% pattern is a one-element tuple takes only {a}, and leaves the others in
%% the mailbox, in order, for c:flush() to print.
-module(selective).
-export([main/1]).

main(_) ->
    self() ! {1, 2},
    self() ! {a},
    self() ! {x, y, z},
    receive
        {A} -> io:format("received ~p~n", [A])
    end,
    c:flush().
