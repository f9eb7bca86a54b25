%% The Erlang twin of spawn_exit.gasm: spawns N processes that return at
%% once, and waits until the process count is back where it was. Run it as
%%   erl +P <N+1000> -noshell -run spawn_exit main N -s init stop
-module(spawn_exit).
-export([main/1, child/0]).

main([NArg]) ->
    N = list_to_integer(NArg),
    Base = length(erlang:processes()),
    T0 = erlang:monotonic_time(nanosecond),
    spawn_children(N),
    T1 = erlang:monotonic_time(nanosecond),
    wait_gone(Base),
    T2 = erlang:monotonic_time(nanosecond),
    io:format("spawn ~p ~p~n", [N, T1 - T0]),
    io:format("gone ~p ~p~n", [N, T2 - T0]).

spawn_children(0) -> ok;
spawn_children(I) ->
    spawn(spawn_exit, child, []),
    spawn_children(I - 1).

child() -> ok.

%% wait_gone(Base): polls the process count every millisecond.
wait_gone(Base) ->
    case length(erlang:processes()) =< Base of
        true -> ok;
        false -> timer:sleep(1), wait_gone(Base)
    end.
