%% A function whose body is a guard test and a return, called back from
%% another module (lists:map/2 calls the fun): the test falls through to
%% the return when it passes and jumps to the next clause when it fails,
%% whichever module the return goes back to.
-module(return_to_another_module).
-export([main/1]).

main(_) ->
    io:format("~p~n", [lists:map(fun small/1, [0, 1, 5, -3])]),
    io:format("~p~n", [lists:map(fun large/1, [0, 1, 5, -3])]).

small(N) when N < 2 -> N;
small(_) -> big.

large(N) when N >= 2 -> N;
large(_) -> small.
