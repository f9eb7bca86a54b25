%% Building maps with => from variables: new keys are added, existing keys
%% replaced, and the original map is unchanged.
-module(build_and_assoc).
-export([main/1, id/1]).

main(_) ->
    K = id(key), V = id(value),
    M0 = #{K => V},
    p(M0),
    M1 = M0#{id(other) => 2, K => replaced},
    p(M1),
    p(M0),
    M2 = (id(#{}))#{1 => one, 1.0 => float_one},
    p(M2),
    p(map_size(M2)).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
