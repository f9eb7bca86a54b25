%% A failed match raises {badmatch, Value}.
-module(badmatch).
-export([main/1, id/1]).

main(_) ->
    p(try {a, _} = id({b, 1}) catch C1:R1 -> {C1, R1} end),
    p(try [_, _] = id([1]) catch C2:R2 -> {C2, R2} end),
    p(try 1 = id(1.0) catch C3:R3 -> {C3, R3} end),
    X = id(5),
    p(try X = id(6) catch C4:R4 -> {C4, R4} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
