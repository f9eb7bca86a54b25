%% receive takes the first message that matches a pattern and leaves the
%% others in the mailbox, in their order.
-module(selective_receive).
-export([main/1, id/1]).

main(_) ->
    Self = self(),
    [Self ! M || M <- id([a, {b, 1}, c, {b, 2}, d])],
    receive {b, N} -> p({first_b, N}) end,
    receive d -> p(got_d) end,
    p(drain([])).

drain(Acc) ->
    receive M -> drain([M | Acc])
    after 0 -> lists:reverse(Acc)
    end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
