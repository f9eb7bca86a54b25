%% Exceptions raised inside funs called through lists:map and
%% lists:foldl are caught by the caller.
-module(exceptions_in_funs).
-export([main/1, id/1]).

main(_) ->
    p(try lists:map(fun(X) -> 10 div X end, id([1, 2, 0, 5])) catch C1:R1 -> {C1, R1} end),
    p(try lists:foldl(fun(X, _) when X > 2 -> throw({too_big, X}); (X, A) -> A + X end, 0, id([1, 2, 3])) catch C2:R2 -> {C2, R2} end),
    p(lists:map(fun(X) -> try 10 div X catch error:badarith -> infinity end end, id([1, 0, 5]))).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
