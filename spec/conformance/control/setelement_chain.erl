%% Nested setelement/3 calls on a tuple: the outer ones may update the
%% fresh copy in place (set_tuple_element), and the original is unchanged.
-module(setelement_chain).
-export([main/1, id/1]).

main(_) ->
    T = id({a, b, c, d}),
    U = setelement(1, setelement(2, setelement(4, T, x), y), z),
    p(U),
    p(T),
    p(setelement(1, id({only}), replaced)).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
