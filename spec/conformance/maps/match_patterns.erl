%% Matching maps in function heads and case: every listed key must be
%% present (extra keys are fine), and values bind or must match.
-module(match_patterns).
-export([main/1, id/1]).

main(_) ->
    p(area(id(#{shape => square, side => 3}))),
    p(area(id(#{shape => rect, w => 2, h => 5, colour => red}))),
    p(area(id(#{shape => circle}))),
    p(area(id(not_a_map))),
    M = id(#{a => 1, b => 2}),
    #{a := A, b := B} = M,
    p(A + B),
    p(case M of #{c := _} -> has_c; #{a := 1} -> a_is_1 end),
    p(try #{c := _} = M catch C:R -> {C, R} end).

area(#{shape := square, side := S}) -> S * S;
area(#{shape := rect, w := W, h := H}) -> W * H;
area(#{}) -> unknown_shape;
area(_) -> not_a_map.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
