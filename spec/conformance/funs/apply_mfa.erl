%% Calling Module:Function(Args) with a module and function known only at
%% run time: local exported functions and BIFs alike.
-module(apply_mfa).
-export([main/1, id/1, double/1, pair/2]).

main(_) ->
    M = id(apply_mfa),
    p(M:double(21)),
    p(M:pair(a, b)),
    F = id(double),
    p(apply_mfa:F(5)),
    p(apply(M, F, [7])),
    E = id(erlang), L = id(length),
    p(E:L([1, 2, 3])),
    p(apply(id(lists), id(reverse), [[1, 2, 3]])),
    p(apply(E, id(element), [2, {a, b}])).

double(X) -> 2 * X.
pair(A, B) -> {A, B}.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
