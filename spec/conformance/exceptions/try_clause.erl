%% try ... of with no clause matching the value raises {try_clause, Value};
%% the catch clauses of the same try do not catch it.
-module(try_clause).
-export([main/1, id/1]).

main(_) ->
    p(try check(id(3)) catch C:R -> {outer, C, R} end),
    p(check(id(1))).

check(X) ->
    try id(X) of
        1 -> one;
        2 -> two
    catch
        _:_ -> caught_inside
    end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
