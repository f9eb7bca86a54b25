%% The comparison operators as values (not in guards): each gives true or
%% false, for numbers and for other terms.
-module(comparison_bifs).
-export([main/1, id/1]).

main(_) ->
    [A, B, C] = id([1, 2.0, a]),
    p([A < B, A > B, A =< B, A >= B, A == B, A /= B, A =:= B, A =/= B]),
    p([C < A, C > A, C =< C, C >= C, C == C, C /= C, C =:= C, C =/= C]),
    p([B =< 2, B >= 2, B == 2, B =:= 2, B /= 2, B =/= 2]).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
