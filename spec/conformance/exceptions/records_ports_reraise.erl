%% badrecord for a record access on something else, is_bitstring and
%% is_port as guards, and erlang:raise/3 re-raising what a handler caught
%% (raw_raise).
-module(records_ports_reraise).
-export([main/1, id/1]).

-record(point, {x, y}).

main(_) ->
    p(x_of(id(#point{x = 1, y = 2}))),
    p(catch_it(x_of, id({other, 1, 2}))),
    p(kind(id(<<"bin">>))),
    p(kind(id(self()))),
    p(kind(id(atom))),
    p(catch_it(rethrow, id({throw, thrown}))),
    p(catch_it(rethrow, id({error, failed}))),
    p(catch_it(rethrow, id({exit, quit}))).

x_of(P) -> P#point.x.

kind(X) when is_bitstring(X) -> bitstring;
kind(X) when is_port(X) -> port;
kind(_) -> other.

rethrow({Class, Reason}) ->
    try raise_it(Class, Reason) catch C:R:S -> erlang:raise(C, R, S) end.

raise_it(throw, Reason) -> throw(Reason);
raise_it(error, Reason) -> error(Reason);
raise_it(exit, Reason) -> exit(Reason).

catch_it(x_of, A) -> try x_of(A) catch C:R -> {C, R} end;
catch_it(rethrow, A) -> try rethrow(A) catch C:R -> {C, R} end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
