%% c:flush/0 prints each waiting message as "Shell got Msg" and empties the
%% mailbox.
-module(flush_shell).
-export([main/1, id/1]).

main(_) ->
    self() ! id(one),
    self() ! id({two, [2]}),
    c:flush(),
    c:flush(),
    io:format("~p~n", [receive X -> X after 0 -> empty end]).

id(X) -> X.
