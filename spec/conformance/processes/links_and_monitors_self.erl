%% link/1 and unlink/1 of oneself return true; a monitor of oneself gives a
%% reference that demonitor/1,2 remove.
-module(links_and_monitors_self).
-export([main/1, id/1]).

main(_) ->
    p({link(self()), unlink(self())}),
    Ref = erlang:monitor(process, self()),
    p(is_reference(Ref)),
    p(erlang:demonitor(Ref)),
    Ref2 = erlang:monitor(process, self()),
    p(erlang:demonitor(Ref2, [flush])),
    p(receive X -> {unexpected, X} after 0 -> no_messages end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
