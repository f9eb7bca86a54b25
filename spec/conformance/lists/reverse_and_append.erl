%% lists:reverse/1,2, ++, lists:append/1,2 on lists, strings and empty
%% lists; ++ copies only its left operand and keeps an improper right one.
-module(reverse_and_append).
-export([main/1, id/1]).

main(_) ->
    L = id([1, 2, 3]),
    p(lists:reverse(L)),
    p(lists:reverse(id([]))),
    p(lists:reverse(L, id([a, b]))),
    p(lists:reverse(id("olleh"))),
    p(L ++ id([4, 5])),
    p(id([]) ++ L),
    p(L ++ id([])),
    p(L ++ id(tail)),
    p(lists:append(L, id("xy"))),
    p(lists:append(id([[1], [], [2, 3], "ab"]))),
    p(lists:append(id([]))).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
