%% binary_to_list/1, list_to_binary/1 of nested iolists, byte_size/1 and
%% size/1 of binaries.
-module(binaries_and_lists).
-export([main/1, id/1]).

main(_) ->
    p(binary_to_list(id(<<"abc">>))),
    p(binary_to_list(id(<<>>))),
    p(binary_to_list(id(<<0, 255>>))),
    p(list_to_binary(id("xyz"))),
    p(list_to_binary(id([$a, [<<"bc">>, [$d]], <<>>, "ef"]))),
    p(list_to_binary(id([]))),
    B = id(<<1, 2, 3, 4>>),
    p({byte_size(B), size(B), byte_size(id(<<>>))}),
    p(list_to_binary(binary_to_list(B)) =:= B),
    p(try list_to_binary(id([1 | 2])) catch C:R -> {C, R} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
