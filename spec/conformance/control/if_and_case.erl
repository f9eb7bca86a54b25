%% if picks the first true guard; case tries clauses in order, with guards
%% and variables bound in patterns.
-module(if_and_case).
-export([main/1, id/1]).

main(_) ->
    p([sign(id(X)) || X <- [-5, 0, 3]]),
    p([kind(id(X)) || X <- [{pair, 1, 1}, {pair, 1, 2}, [a], [], 17, 1.0]]).

sign(X) ->
    if X < 0 -> negative;
       X =:= 0 -> zero;
       true -> positive
    end.

kind(X) ->
    case X of
        {pair, A, A} -> same_pair;
        {pair, _, _} -> pair;
        [_ | _] -> list;
        N when is_integer(N), N > 10 -> big_int;
        _ -> other
    end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
