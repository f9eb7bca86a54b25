%% Float arithmetic in float registers: erlc compiles it to fconv, fload,
%% fadd, fsub, fmul, fdiv, fnegate and fstore. A result that is not finite,
%% and a conversion of a non-number or of an integer too large for a float,
%% raise badarith.
-module(float_registers).
-export([main/1, id/1]).

main(_) ->
    p(calc(id(2.0), id(4.0))),
    p(calc(id(-1.5), id(0.25))),
    p(conv(id(3))),
    p(conv(id(2.5))),
    p(t(divide, id(1.0), id(0.0))),
    p(t(calc, id(1.0e300), id(1.0e-300))),
    p(t(conv, id(atom), 0)),
    p(t(conv, id(1 bsl 1100), 0)).

calc(A, B) when is_float(A), is_float(B) -> {A * B + 1.5, A / B, -A, A - B}.

conv(X) -> {X * 2.0 + 0.5}.

divide(A, B) when is_float(A), is_float(B) -> A / B.

t(Op, A, B) -> try op(Op, A, B) catch C:R -> {C, R} end.

op(divide, A, B) -> divide(A, B);
op(calc, A, B) -> calc(A, B);
op(conv, A, _) -> conv(A).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
