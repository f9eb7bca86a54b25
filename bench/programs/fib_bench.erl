%% The Erlang twin of fib.gasm: times naive fib(N) inside the VM.
-module(fib_bench).
-export([main/1]).

main([Arg]) ->
    N = list_to_integer(atom_to_list(Arg)),
    Start = erlang:monotonic_time(nanosecond),
    Result = fib(N),
    Elapsed = erlang:monotonic_time(nanosecond) - Start,
    io:format("fib(~p) = ~p in ~p ns~n", [N, Result, Elapsed]).

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).
