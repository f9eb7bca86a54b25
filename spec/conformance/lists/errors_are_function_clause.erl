%% The lists functions raise what Erlang's own lists module raises for bad
%% arguments: function_clause, or badarg from the BIFs it uses.
-module(errors_are_function_clause).
-export([main/1, id/1]).

main(_) ->
    p(try lists:nth(0, id([a])) catch C1:R1 -> {C1, R1} end),
    p(try lists:nth(2, id([a])) catch C2:R2 -> {C2, R2} end),
    p(try lists:last(id([])) catch C3:R3 -> {C3, R3} end),
    p(try lists:seq(id(5), id(3)) catch C4:R4 -> {C4, R4} end),
    p(try lists:sum(id([1, a])) catch C5:R5 -> {C5, R5} end),
    p(try lists:map(id(notafun), id([1])) catch C6:R6 -> {C6, R6} end),
    p(try lists:reverse(id(notalist)) catch C7:R7 -> {C7, R7} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
