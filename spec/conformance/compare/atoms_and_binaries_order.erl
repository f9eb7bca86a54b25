%% Atoms compare by their names' characters; binaries byte by byte, a
%% prefix before the longer binary.
-module(atoms_and_binaries_order).
-export([main/1, id/1]).

main(_) ->
    p(lists:sort(id([zebra, apple, 'Zebra', 'apple pie', a, 'B']))),
    p({id(a) < id(b), id(ab) > id(a), id('Z') < id(a)}),
    p(lists:sort(id([<<2>>, <<1, 255>>, <<1>>, <<>>, <<1, 0>>, <<"abc">>]))),
    p({id(<<1>>) < id(<<1, 0>>), id(<<2>>) > id(<<1, 255>>), id(<<"b">>) > id(<<"abc">>)}).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
