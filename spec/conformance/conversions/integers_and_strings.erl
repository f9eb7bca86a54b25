%% integer_to_list/1,2, list_to_integer/1 and integer_to_binary/1 with
%% signs, big integers and bases from 2 to 36.
-module(integers_and_strings).
-export([main/1, id/1]).

main(_) ->
    p(integer_to_list(id(0))),
    p(integer_to_list(id(-123))),
    p(integer_to_list(id(18446744073709551616))),
    p(integer_to_list(id(255), 16)),
    p(integer_to_list(id(-255), 16)),
    p(integer_to_list(id(5), 2)),
    p(integer_to_list(id(1295), 36)),
    p(integer_to_list(id(18446744073709551615), 16)),
    p(list_to_integer(id("42"))),
    p(list_to_integer(id("-0042"))),
    p(list_to_integer(id("+7"))),
    p(list_to_integer(id("123456789012345678901234567890"))),
    p(integer_to_binary(id(-99))),
    p(try list_to_integer(id("")) catch C1:R1 -> {C1, R1} end),
    p(try list_to_integer(id("1.0")) catch C2:R2 -> {C2, R2} end),
    p(try integer_to_list(id(10), 37) catch C3:R3 -> {C3, R3} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
