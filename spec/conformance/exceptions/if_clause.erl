%% An if with no true guard raises if_clause.
-module(if_clause).
-export([main/1, id/1]).

main(_) ->
    p(try classify(id(0)) catch C:R -> {C, R} end),
    p(classify(id(5))).

classify(N) ->
    if N > 0 -> positive;
       N < 0 -> negative
    end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
