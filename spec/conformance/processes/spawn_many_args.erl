%% A process spawned with more arguments than its first heap holds, some
%% of them on the spawner's heap, keeps them all through a loop long enough
%% to be preempted many times (every live register is saved and restored
%% at each preemption), then sends them back.
-module(spawn_many_args).
-export([main/1, worker/13]).

main(_) ->
    L = lists:seq(1, 3),
    T = {tuple, L},
    spawn(spawn_many_args, worker, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, L, T, self()]),
    receive R -> io:format("~p~n", [R]) end.

worker(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, L, T, Parent) ->
    loop(300000, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, L, T, Parent).

loop(0, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, L, T, Parent) ->
    Parent ! {A1 + A2 + A3 + A4 + A5 + A6 + A7 + A8 + A9 + A10, L, T};
loop(N, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, L, T, Parent) ->
    loop(N - 1, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, L, T, Parent).
