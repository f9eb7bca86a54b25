%% lists:any/2, lists:all/2 (including on []) and lists:foreach/2, which
%% runs its fun for the side effect, in order, and returns ok.
-module(any_all_foreach).
-export([main/1, id/1]).

main(_) ->
    L = id([2, 4, 5]),
    Even = fun(X) -> X rem 2 =:= 0 end,
    p({lists:any(Even, L), lists:all(Even, L), lists:any(Even, id([])), lists:all(Even, id([]))}),
    p({lists:any(fun is_atom/1, L), lists:all(fun is_integer/1, L)}),
    p(lists:foreach(fun(X) -> io:format("item ~p~n", [X]) end, L)).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
