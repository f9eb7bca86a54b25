%% element/2, setelement/3, tuple_size/1, size/1 and make_tuple/2, and the
%% badarg raised by an index out of range.
-module(tuple_bifs).
-export([main/1, id/1]).

main(_) ->
    T = id({a, b, c}),
    p({element(1, T), element(3, T), tuple_size(T), size(T), size(id(<<1, 2>>))}),
    p(setelement(2, T, x)),
    p(T),
    p(erlang:make_tuple(id(3), id(z))),
    p(erlang:make_tuple(id(0), id(z))),
    p(try element(4, T) catch C1:R1 -> {C1, R1} end),
    p(try element(0, T) catch C2:R2 -> {C2, R2} end),
    p(try setelement(4, T, x) catch C3:R3 -> {C3, R3} end),
    p(try tuple_size(id([])) catch C4:R4 -> {C4, R4} end),
    p(try element(1, id(notatuple)) catch C5:R5 -> {C5, R5} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
