%% A function whose result is the sum or difference of two calls' results:
%% the value saved across the first call may be either operand.
-module(sums_of_calls).
-export([main/1]).

main(_) ->
    io:format("~p ~p ~p ~p~n", [fib(20), fib_saved_second(20), diff(10), diff_saved_second(10)]).

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).

fib_saved_second(N) when N < 2 -> N;
fib_saved_second(N) ->
    Second = fib_saved_second(N - 2),
    fib_saved_second(N - 1) + Second.

diff(N) when N < 1 -> 0;
diff(N) -> diff(N - 1) - diff_saved_second(N - 1) + N.

diff_saved_second(N) when N < 1 -> 1;
diff_saved_second(N) ->
    Second = diff(N - 1),
    diff_saved_second(N - 1) - Second.
