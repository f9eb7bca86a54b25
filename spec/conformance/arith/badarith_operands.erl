%% Arithmetic on non-numbers raises badarith; so does rem or div on a float.
-module(badarith_operands).
-export([main/1, id/1]).

main(_) ->
    p(try id(a) + 1 catch C1:R1 -> {C1, R1} end),
    p(try id(1) - id("1") catch C2:R2 -> {C2, R2} end),
    p(try id({1}) * 2 catch C3:R3 -> {C3, R3} end),
    p(try id(5.0) rem 2 catch C4:R4 -> {C4, R4} end),
    p(try id(5) div id(2.0) catch C5:R5 -> {C5, R5} end),
    p(try -id(foo) catch C6:R6 -> {C6, R6} end),
    p(try id([]) / 2 catch C7:R7 -> {C7, R7} end),
    p(try id(1.5) band 1 catch C8:R8 -> {C8, R8} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
