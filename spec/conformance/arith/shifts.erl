%% bsl and bsr: shifting into big integers and back, arithmetic shift of
%% negative numbers, and negative shift counts (which shift the other way).
-module(shifts).
-export([main/1, id/1]).

main(_) ->
    p(id(1) bsl id(10)),
    p(id(1) bsl id(59)),
    p(id(1) bsl id(64)),
    p(id(1) bsl id(100)),
    p(id(-1) bsl id(70)),
    p(id(-1) bsr id(3)),
    p(id(-17) bsr id(2)),
    p((id(1) bsl 100) bsr 98),
    p(id(16) bsl id(-2)),
    p(id(16) bsr id(-2)),
    p(id(5) bsr id(10)),
    p(id(-5) bsr id(100)),
    p(try id(1) bsl id(a) catch C:R -> {C, R} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
