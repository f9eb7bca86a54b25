%% An atom longer than 255 characters, and a tuple bigger than the largest
%% allowed, raise system_limit.
-module(system_limit).
-export([main/1, id/1]).

main(_) ->
    p(try list_to_atom(id(lists:duplicate(256, $a))) catch C1:R1 -> {C1, R1} end),
    p(try erlang:make_tuple(id(16#1000000), a) catch C2:R2 -> {C2, R2} end),
    p(length(atom_to_list(list_to_atom(id(lists:duplicate(255, $a)))))).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
