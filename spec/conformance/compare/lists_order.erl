%% Lists compare element by element; a shorter prefix is smaller; strings
%% compare as lists of codes; improper tails compare last.
-module(lists_order).
-export([main/1, id/1]).

main(_) ->
    p({id([]) < id([1]), id([1, 2]) < id([1, 3]), id([1]) < id([1, 1]), id("abc") < id("abd"), id("ab") < id("abc")}),
    p({id([1 | 2]) < id([1 | 3]), id([1 | a]) < id([1, 2]), id([2]) > id([1, 99])}),
    p(lists:sort(id(["banana", "apple", "cherry", "app", [], "b"]))),
    p({id([a]) == id([a]), id([1]) == id([1.0]), id([1]) =:= id([1.0])}).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
