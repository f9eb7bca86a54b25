%% Dividing by zero with div, rem and / raises badarith, with an integer or
%% a float divisor.
-module(divide_by_zero).
-export([main/1, id/1]).

main(_) ->
    p(catch_div(id(1), id(0))),
    p(catch_rem(id(1), id(0))),
    p(catch_fdiv(id(1), id(0))),
    p(catch_fdiv(id(1.0), id(0.0))),
    p(catch_fdiv(id(0), id(0.0))),
    p(catch_div(id(18446744073709551616), id(0))).

catch_div(A, B) -> try A div B catch C:R -> {C, R} end.
catch_rem(A, B) -> try A rem B catch C:R -> {C, R} end.
catch_fdiv(A, B) -> try A / B catch C:R -> {C, R} end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
