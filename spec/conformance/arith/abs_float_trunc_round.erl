%% abs, float, trunc and round on small, big and float arguments, and
%% rounding halves away from zero.
-module(abs_float_trunc_round).
-export([main/1, id/1]).

main(_) ->
    p(abs(id(-5))),
    p(abs(id(-18446744073709551616))),
    p(abs(id(-2.5))),
    p(float(id(3))),
    p(float(id(18446744073709551616))),
    p(trunc(id(-2.7))),
    p(trunc(id(2.7))),
    p(trunc(id(1.0e20))),
    p(round(id(2.5))),
    p(round(id(-2.5))),
    p(round(id(0.49999))),
    p(round(id(7))),
    p(trunc(id(-7))),
    p(try float(id(a)) catch C:R -> {C, R} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
