%% lists:seq/2, lists:nth/2 and lists:last/1.
-module(seq_nth_last).
-export([main/1, id/1]).

main(_) ->
    p(lists:seq(id(1), id(10))),
    p(lists:seq(id(-2), id(2))),
    p(lists:seq(id(5), id(4))),
    p(lists:seq(id(7), id(7))),
    L = id([a, b, c, d]),
    p({lists:nth(1, L), lists:nth(4, L), lists:last(L), lists:last(id([only]))}),
    p(length(lists:seq(1, id(1000)))).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
