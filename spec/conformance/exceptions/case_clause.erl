%% A case expression with no matching clause raises {case_clause, Value}.
-module(case_clause).
-export([main/1, id/1]).

main(_) ->
    p(try pick(id(c)) catch C1:R1 -> {C1, R1} end),
    p(try pick(id({a, 1})) catch C2:R2 -> {C2, R2} end),
    p(pick(id(a))).

pick(X) ->
    case X of
        a -> first;
        b -> second
    end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
