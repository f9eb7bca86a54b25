%% Calling a function that does not exist raises undef: an unknown module,
%% an unknown function, a wrong arity, an unexported function.
-module(undef).
-export([main/1, id/1]).

main(_) ->
    p(try (id(no_such_module)):f() catch C1:R1 -> {C1, R1} end),
    p(try (id(undef)):no_such_function(1) catch C2:R2 -> {C2, R2} end),
    p(try (id(undef)):id(1, 2) catch C3:R3 -> {C3, R3} end),
    p(try (id(undef)):hidden() catch C4:R4 -> {C4, R4} end),
    p(try no_such_module:f(1) catch C5:R5 -> {C5, R5} end),
    p(try (id(123)):f() catch C6:R6 -> {C6, R6} end),
    p(hidden()).

hidden() -> local_only.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
