%% Map keys match exactly: 1 and 1.0 are different keys; compound keys
%% (tuples, lists, maps, binaries) work.
-module(key_types).
-export([main/1, id/1]).

main(_) ->
    M = id(#{1 => int, 1.0 => float, {1, 2} => tuple, [a] => list, #{k => v} => map, <<"b">> => binary}),
    p(map_size(M)),
    p([maps:get(K, M, missing) || K <- id([1, 1.0, {1, 2}, {1.0, 2}, [a], #{k => v}, <<"b">>, 2])]),
    p(maps:keys(M)),
    p(maps:remove(1, M) =:= maps:remove(1, M)).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
