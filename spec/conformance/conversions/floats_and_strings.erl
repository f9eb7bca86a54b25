%% float_to_list/1 writes 20 digits in scientific notation;
%% list_to_float/1 reads a float and rejects an integer.
-module(floats_and_strings).
-export([main/1, id/1]).

main(_) ->
    p(float_to_list(id(1.0))),
    p(float_to_list(id(0.1))),
    p(float_to_list(id(-2.5e-10))),
    p(float_to_list(id(123456789.0))),
    p(list_to_float(id("1.5"))),
    p(list_to_float(id("-2.0e3"))),
    p(list_to_float(id("0.1"))),
    p(list_to_float(float_to_list(id(0.1))) =:= 0.1),
    p(try list_to_float(id("1")) catch C1:R1 -> {C1, R1} end),
    p(try list_to_float(id("abc")) catch C2:R2 -> {C2, R2} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
