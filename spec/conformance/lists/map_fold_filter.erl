%% lists:map/2, foldl/3, foldr/3 and filter/2 with funs, some capturing
%% variables.
-module(map_fold_filter).
-export([main/1, id/1]).

main(_) ->
    L = id([1, 2, 3, 4, 5]),
    K = id(10),
    p(lists:map(fun(X) -> X * K end, L)),
    p(lists:map(fun(X) -> {X} end, id([]))),
    p(lists:foldl(fun(X, Acc) -> [X | Acc] end, [], L)),
    p(lists:foldr(fun(X, Acc) -> [X | Acc] end, [], L)),
    p(lists:foldl(fun(X, Acc) -> X + Acc end, K, L)),
    p(lists:filter(fun(X) -> X rem 2 =:= 1 end, L)),
    p(lists:filter(fun(_) -> false end, L)).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
