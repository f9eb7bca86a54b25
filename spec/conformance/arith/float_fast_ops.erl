%% Floats in float registers, in x and y registers and in tuples: the
%% float instructions, arithmetic of two floats or of a float and an
%% integer, and comparisons mixing floats and integers. A float result
%% that is not finite raises badarith where it is computed (in a guard,
%% the guard fails), and 1 == 1.0 but 1 =/= 1.0.
-module(float_fast_ops).
-export([main/1, id/1]).

main(_) ->
    p(poly(id(1.5), id(2.0))),
    p(poly(id(-0.5), id(3))),
    p(t(fun() -> poly(id(1.0e308), id(10.0)) end)),
    p(t(fun() -> mul(id(1.0e308), id(10.0)) end)),
    p(t(fun() -> quotient(id(1.0), id(0.0)) end)),
    p(t(fun() -> sum(id(1.0e308), id(1.0e308)) end)),
    p(t(fun() -> sum(id(1.0e308), id(1 bsl 1023)) end)),
    p(saved(id(2.5), id(4))),
    p(moved([{id(1.0), id(2.0)}, {id(-3.5), id(0.25)}], id(0.5))),
    p([sum(A, B) || A <- numbers(), B <- numbers()]),
    p([{mul(A, B), quotient(A, B)} || A <- numbers(), B <- numbers(), B /= 0]),
    p([{A < B, A >= B, A == B, A =:= B, A > 3, A >= -1} || A <- numbers(), B <- numbers()]),
    p([{guarded(A, B), big(A)} || A <- numbers(), B <- numbers()]),
    p(scaled(id(10), id(0.5), id(0.0))),
    p(t(fun() -> scaled(id(3), id(1.0e300), id(1.0e300)) end)),
    ok.

numbers() -> [id(1), id(1.0), id(-1.5), id(0.0), id(-0.0), id(3), id(4.0), id(9007199254740993), id(9007199254740992.0)].

%% Float registers: fconv, fmove both ways, fadd, fsub, fmul, fdiv, fnegate.
poly(X, Y) when is_float(X) ->
    A = X * X - 2.0 * X * Y + Y / 4.0,
    {A, -A, A / X}.

mul(A, B) -> A * B.
quotient(A, B) -> A / B.
sum(A, B) -> A + B.

%% A float kept in a y register across a call, then used in float registers.
saved(X, N) when is_float(X) ->
    Y = X * 2.0,
    M = id(N),
    Z = Y * M + X,
    {Y, M, Z}.

%% Floats taken out of tuples and put back in new ones.
moved([], _) -> [];
moved([{X, Y} | Rest], Dt) when is_float(X), is_float(Y) ->
    [{X + Dt * Y, Y - Dt * X} | moved(Rest, Dt)].

%% An overflowing sum in a guard fails the guard.
guarded(A, B) when A + B * 1.0e308 > 4.0 -> big;
guarded(A, B) when A - B < 2 -> small;
guarded(_, _) -> other.

big(A) when A < 2.5 -> lt;
big(A) when A >= 3 -> ge;
big(_) -> neither.

%% An accumulator in a loop of float arithmetic.
scaled(0, _, Acc) -> Acc;
scaled(N, F, Acc) -> scaled(N - 1, F * 2.0, Acc + F * F).

t(F) ->
    try F() catch C:R:St -> {C, R, top(St)} end.

top([{M, F, A, _} | _]) when is_integer(A) -> {M, F, A};
top([{M, F, Args, _} | _]) -> {M, F, length(Args)}.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
