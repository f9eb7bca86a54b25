%% Tail calls through a fun (call_fun_last) and through apply with a module
%% and function known at run time (apply_last), 1,000,000 times each,
%% run in constant stack.
-module(tail_calls_through_funs).
-export([main/1, id/1, step/3]).

main(_) ->
    F = id(fun loop/3),
    p(loop(id(1000000), 0, F)),
    p(step(id(1000000), 0, id(tail_calls_through_funs))).

loop(0, Acc, _) -> Acc;
loop(N, Acc, F) ->
    Next = id(N - 1),
    F(Next, Acc + 1, F).

step(0, Acc, _) -> Acc;
step(N, Acc, M) ->
    Next = id(N - 1),
    M:step(Next, Acc + 2, M).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
