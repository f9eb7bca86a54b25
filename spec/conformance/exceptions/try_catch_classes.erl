%% try ... catch catches each class (error, throw, exit) with its reason.
-module(try_catch_classes).
-export([main/1, id/1]).

main(_) ->
    p(try erlang:error(id(boom)) catch C1:R1 -> {C1, R1} end),
    p(try throw(id(ball)) catch C2:R2 -> {C2, R2} end),
    p(try exit(id(leaving)) catch C3:R3 -> {C3, R3} end),
    p(try throw(id({complex, [1, 2], #{k => v}})) catch throw:T -> {caught, T} end),
    p(try exit(id(normal)) catch exit:normal -> exit_normal end),
    p(try erlang:error(id(boom), id([1, 2])) catch error:R4 -> {error2, R4} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
