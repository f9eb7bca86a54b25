%% receive ... after 0 returns the timeout branch at once when no message
%% matches, and leaves a non-matching message in the mailbox.
-module(after_zero).
-export([main/1, id/1]).

main(_) ->
    p(receive _ -> got_something after 0 -> empty end),
    self() ! id(unrelated),
    p(receive wanted -> wanted after 0 -> no_match end),
    p(receive X -> {still_there, X} after 0 -> gone end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
