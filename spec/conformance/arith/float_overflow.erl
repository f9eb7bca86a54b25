%% Float results must be finite: an overflowing product or quotient raises
%% badarith, converting a too-large integer to a float raises badarg, and
%% a too-large integer still compares with floats.
-module(float_overflow).
-export([main/1, id/1]).

main(_) ->
    Huge = id(1 bsl 1100),
    p(try id(1.0e308) * id(10.0) catch C1:R1 -> {C1, R1} end),
    p(try id(1.0e308) + id(1.0e308) catch C2:R2 -> {C2, R2} end),
    p(try Huge / 2 catch C3:R3 -> {C3, R3} end),
    p(try float(Huge) catch C4:R4 -> {C4, R4} end),
    p(try id(1.0e300) * Huge catch C5:R5 -> {C5, R5} end),
    p({Huge > id(1.0e300), -Huge < id(-1.0e300)}),
    p(round(id(4503599627370497.0))),
    p(id(1.0e308) * id(1.5) > 0).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
