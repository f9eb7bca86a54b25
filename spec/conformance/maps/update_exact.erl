%% Updating with := replaces existing keys; a key that is missing raises
%% {badkey, K}, and updating a non-map raises {badmap, X}.
-module(update_exact).
-export([main/1, id/1]).

main(_) ->
    M = id(#{a => 1, b => 2}),
    p(M#{a := 10}),
    p(M#{a := x, b := y}),
    p(try M#{c := 3} catch C1:R1 -> {C1, R1} end),
    p(try (id(not_a_map))#{a := 1} catch C2:R2 -> {C2, R2} end),
    p(try (id([1, 2]))#{a => 1} catch C3:R3 -> {C3, R3} end),
    p(try M#{1.0 := z} catch C4:R4 -> {C4, R4} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
