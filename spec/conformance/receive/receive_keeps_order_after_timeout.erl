%% After several receives that time out without a match, the unmatched
%% messages are all still there, in the order they were sent.
-module(receive_keeps_order_after_timeout).
-export([main/1, id/1]).

main(_) ->
    [self() ! X || X <- id([m1, m2, m3])],
    p(receive nope -> nope after 0 -> t1 end),
    p(receive nope -> nope after 5 -> t2 end),
    self() ! id(m4),
    p(receive m3 -> got_m3 after 0 -> t3 end),
    p(all([])).

all(Acc) -> receive X -> all([X | Acc]) after 0 -> lists:reverse(Acc) end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
