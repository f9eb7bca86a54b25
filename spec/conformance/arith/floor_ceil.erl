%% floor/1 and ceil/1 round toward minus and plus infinity: integers are
%% themselves, floats become integers (big ones too); a non-number raises
%% badarg. Usable in guards.
-module(floor_ceil).
-export([main/1]).

main(_) ->
    [show(F) || F <- [fun() -> floor(id(-1.5)) end, fun() -> ceil(id(-1.5)) end,
                      fun() -> floor(id(2.5)) end, fun() -> ceil(id(2.5)) end,
                      fun() -> floor(id(7)) end, fun() -> ceil(id(-7)) end,
                      fun() -> floor(id(1.0e20)) end, fun() -> ceil(id(-1.0e20)) end,
                      fun() -> floor(id(a)) end, fun() -> ceil(id("1")) end,
                      fun() -> guarded(id(3.7)) end, fun() -> guarded(id(x)) end]],
    ok.

guarded(X) when floor(X) =:= 3 -> three;
guarded(_) -> other.

id(X) -> X.

show(F) ->
    io:format("~p~n", [try {ok, F()} catch Class:Reason -> {Class, Reason} end]).
