%% atom_to_list/1, list_to_atom/1, atom_to_binary/1 and binary_to_atom/1,
%% round trips included.
-module(atoms_and_strings).
-export([main/1, id/1]).

main(_) ->
    p(atom_to_list(id(hello))),
    p(atom_to_list(id('with space'))),
    p(list_to_atom(id("new_atom"))),
    p(list_to_atom(id("Needs Quotes"))),
    p(atom_to_binary(id(abc))),
    p(binary_to_atom(id(<<"from_binary">>))),
    p(list_to_atom(atom_to_list(id(round_trip))) =:= round_trip),
    p(binary_to_atom(atom_to_binary(id('EXIT'))) =:= 'EXIT'),
    p(list_to_atom(id(""))).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
