%% lists:sum/1 (integers, floats, big), lists:sort/1 in term order and
%% lists:duplicate/2.
-module(sum_sort_duplicate).
-export([main/1, id/1]).

main(_) ->
    p(lists:sum(id([1, 2, 3]))),
    p(lists:sum(id([]))),
    p(lists:sum(id([1, 2.5]))),
    p(lists:sum(id([18446744073709551615, 1]))),
    p(lists:sort(id([3, 1, 2, 1]))),
    p(lists:sort(id([b, 3, "x", {1}, a, 2.0]))),
    p(lists:sort(id([]))),
    p(lists:sort(id([{2, a}, {1, b}, {2, 0}, {1, a}]))),
    p(lists:duplicate(id(3), id(x))),
    p(lists:duplicate(id(0), id(x))),
    p(lists:duplicate(id(2), id([a]))).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
