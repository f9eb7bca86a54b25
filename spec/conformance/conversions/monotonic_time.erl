%% erlang:monotonic_time/0,1 never goes backwards, and its units relate:
%% a second is 1000 milliseconds.
-module(monotonic_time).
-export([main/1, id/1]).

main(_) ->
    A = erlang:monotonic_time(),
    B = erlang:monotonic_time(),
    p(B >= A),
    p(is_integer(A)),
    S = erlang:monotonic_time(second),
    Ms = erlang:monotonic_time(millisecond),
    Us = erlang:monotonic_time(microsecond),
    Ns = erlang:monotonic_time(nanosecond),
    p(abs(Ms div 1000 - S) =< 1),
    p(abs(Us div 1000 - Ms) =< 1000),
    p(abs(Ns div 1000000 - Ms) =< 1000),
    p(is_integer(erlang:monotonic_time(id(native)))).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
