%% Calling a fun with the wrong number of arguments raises
%% {badarity, {Fun, Args}}.
-module(badarity).
-export([main/1, id/1]).

main(_) ->
    F = id(fun(A) -> A end),
    p(try F(1, 2) catch C1:R1 -> {C1, R1} end),
    p(try F() catch C2:R2 -> {C2, R2} end),
    K = id(k),
    G = id(fun(A, B) -> {A, B, K} end),
    p(try G(only_one) catch C3:R3 -> {C3, R3} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
