%% Integers and floats compare by value, big integers included; when equal
%% in value, the order of a two-element sort shows which came first.
-module(numbers_order).
-export([main/1, id/1]).

main(_) ->
    p({id(1) < id(1.5), id(2) > id(1.5), id(1) < id(1.0), id(1) >= id(1.0), id(1.0) =< id(1)}),
    p({id(-1) < id(-0.5), id(-18446744073709551616) < id(-1.0e19), id(18446744073709551616) > id(1.0e19)}),
    p({id(18446744073709551617) > id(18446744073709551616.0), id(9007199254740993) > id(9007199254740992.0)}),
    p(lists:sort(id([3, 2.5, -1, 18446744073709551616, 0, -1.0e30, 1.0]))),
    p(lists:sort(id([1, 1.0]))),
    p(lists:sort(id([1.0, 1]))).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
