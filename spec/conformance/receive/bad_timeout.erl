%% A receive timeout that is not a non-negative integer or infinity raises
%% timeout_value.
-module(bad_timeout).
-export([main/1, id/1]).

main(_) ->
    p(try receive x -> x after id(-1) -> t end catch C1:R1 -> {C1, R1} end),
    p(try receive x -> x after id(soon) -> t end catch C2:R2 -> {C2, R2} end),
    p(try receive x -> x after id(1.5) -> t end catch C3:R3 -> {C3, R3} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
