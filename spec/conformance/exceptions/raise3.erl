%% erlang:raise/3 raises with the class and stack trace given (3-tuples
%% gain an empty location, at most 8 frames are kept); an invalid class or
%% trace is returned as `badarg`, not raised.
-module(raise3).
-export([main/1, id/1]).

main(_) ->
    t(error, [{m, f, 1, [{line, 3}]}, {m, g, [a], []}]),
    t(throw, [{m, f, 1}]),
    t(exit, []),
    t(bad, []),
    t(error, bad),
    t(error, [bad]),
    t(error, [{m, f, 1, []} | x]),
    t(error, [{"m", f, 1, []}]),
    t(error, [{m, f, 1, bad}]),
    t(error, [{m, f}]),
    t(error, [{m, f, x, [{anything, goes}]}]),
    t(error, lists:duplicate(10, {m, f, 0, []})),
    p(catch erlang:raise(error, oops, [{m, f, 2, []}])).

t(Class, Trace) ->
    try erlang:raise(id(Class), reason, id(Trace)) of
        Value -> p({returned, Value})
    catch
        C:R:S -> p({C, R, S})
    end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
