%% erlang:apply/2 and apply/3 with an argument list known only at run
%% time (erlc calls them as functions then): exported functions of other
%% modules and this one, BIFs, funs and closures, no arguments; and the
%% errors of a bad list, a missing function, a wrong arity, a non-fun.
-module(apply_list).
-export([main/1, id/1, sum3/3]).

main(_) ->
    p(apply(id(lists), id(reverse), id([[1, 2, 3]]))),
    p(apply(id(apply_list), id(sum3), id([1, 2, 3]))),
    p(apply(id(erlang), id('+'), id([1, 2]))),
    p(apply(id(fun(A, B) -> A * B end), id([6, 7]))),
    K = id(10),
    p(apply(fun(A) -> A + K end, id([5]))),
    p(apply(id(erlang), id(self), id([])) =:= self()),
    p(t(fun() -> apply(id(lists), id(reverse), id(not_a_list)) end)),
    p(t(fun() -> apply(id(lists), id(reverse), id([a | b])) end)),
    p(t(fun() -> apply(id(nomod), id(nofun), id([1])) end)),
    p(t(fun() -> apply(id(fun(A) -> A end), id([1, 2])) end)),
    p(t(fun() -> apply(id(not_a_fun), id([])) end)).

sum3(A, B, C) -> A + B + C.

t(F) ->
    try F() catch C:R -> {C, reason(R)} end.

reason({badarity, _}) -> badarity;
reason(R) -> R.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
