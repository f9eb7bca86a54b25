%% A flush loop prints and drops every message in the mailbox, oldest
%% first, then finds it empty.
-module(flush_mailbox).
-export([main/1, id/1]).

main(_) ->
    self() ! id(one),
    self() ! {id(two), 2},
    self() ! id("three"),
    flush(),
    flush().

flush() ->
    receive
        M -> io:format("Shell got ~p~n", [M]), flush()
    after 0 -> io:format("mailbox empty~n")
    end.

id(X) -> X.
