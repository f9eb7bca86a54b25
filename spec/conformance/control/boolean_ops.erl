%% and, or, xor and not on booleans; on anything else they raise badarg.
%% andalso and orelse short-circuit.
-module(boolean_ops).
-export([main/1, id/1]).

main(_) ->
    T = id(true), F = id(false),
    p([T and T, T and F, F or T, F or F, T xor T, T xor F, not T, not F]),
    p(try id(1) and T catch C1:R1 -> {C1, R1} end),
    p(try not id(nil) catch C2:R2 -> {C2, R2} end),
    p(try F or id(maybe) catch C3:R3 -> {C3, R3} end),
    p({F andalso id(crash_not_evaluated), T orelse id(also_not), T andalso id(anything)}).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
