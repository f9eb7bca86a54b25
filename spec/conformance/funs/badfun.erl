%% Calling something that is not a fun raises {badfun, Term}.
-module(badfun).
-export([main/1, id/1]).

main(_) ->
    p(try (id(not_a_fun))(1) catch C1:R1 -> {C1, R1} end),
    p(try (id({a, tuple}))() catch C2:R2 -> {C2, R2} end),
    p(try (id(42))(1, 2) catch C3:R3 -> {C3, R3} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
