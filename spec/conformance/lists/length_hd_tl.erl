%% length/1, hd/1 and tl/1, and the badarg they raise on [] or an improper
%% list.
-module(length_hd_tl).
-export([main/1, id/1]).

main(_) ->
    L = id([1, 2, 3]),
    p({length(L), hd(L), tl(L), length(id([])), hd(id([x | y])), tl(id([x | y]))}),
    p(try hd(id([])) catch C1:R1 -> {C1, R1} end),
    p(try tl(id([])) catch C2:R2 -> {C2, R2} end),
    p(try length(id([1 | 2])) catch C3:R3 -> {C3, R3} end),
    p(try length(id(atom)) catch C4:R4 -> {C4, R4} end),
    p(length(lists:seq(1, id(5000)))).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
