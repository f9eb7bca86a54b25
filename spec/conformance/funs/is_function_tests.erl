%% is_function/1 and is_function/2 in guards, is_function/1 as a BIF; a fun's arity
%% excludes its free variables.
-module(is_function_tests).
-export([main/1, id/1]).

main(_) ->
    V = id(v),
    Funs = id([fun() -> V end, fun(_) -> V end, fun(_, _) -> ok end, fun id/1, not_a_fun, {fn}]),
    p([classify(F) || F <- Funs]),
    p([is_function(F) || F <- Funs]).

classify(F) when is_function(F, 0) -> arity0;
classify(F) when is_function(F, 1) -> arity1;
classify(F) when is_function(F) -> other_fun;
classify(_) -> not_fun.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
