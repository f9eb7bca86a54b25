%% BIFs given arguments of the wrong type raise badarg.
-module(badarg_bifs).
-export([main/1, id/1]).

main(_) ->
    p(try atom_to_list(id(1)) catch C1:R1 -> {C1, R1} end),
    p(try list_to_atom(id(a)) catch C2:R2 -> {C2, R2} end),
    p(try integer_to_list(id(1.0)) catch C3:R3 -> {C3, R3} end),
    p(try list_to_integer(id("12x")) catch C4:R4 -> {C4, R4} end),
    p(try tuple_to_list(id([])) catch C5:R5 -> {C5, R5} end),
    p(try byte_size(id("abc")) catch C6:R6 -> {C6, R6} end),
    p(try binary_to_list(id(abc)) catch C7:R7 -> {C7, R7} end),
    p(try list_to_binary(id([256])) catch C8:R8 -> {C8, R8} end),
    p(try erlang:make_tuple(id(-1), x) catch C9:R9 -> {C9, R9} end),
    p(try lists:duplicate(id(a), x) catch C10:R10 -> {C10, R10} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
