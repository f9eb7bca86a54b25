%% erlang:is_function/2 and erlang:is_port/1 called as functions (Elixir's
%% Kernel calls them so): a fun's arity compared, local and external
%% funs, closures with free variables; false for what is no fun and for a
%% big arity; badarg for a negative arity or one that is no integer.
%% is_port/1 is false for every term girder has.
-module(bif_is_function2).
-export([main/1, id/1]).

main(_) ->
    Free = id(3),
    Funs = [fun id/1, fun(A, B) -> {A, B, Free} end, fun lists:map/2, fun() -> ok end, not_a_fun, {fun id/1}],
    IsFunction = fun erlang:is_function/2,
    p([[IsFunction(F, A) || A <- [0, 1, 2]] || F <- Funs]),
    p(IsFunction(fun id/1, 1 bsl 70)),
    p([try IsFunction(fun id/1, id(A)) catch C:R -> {C, R} end || A <- [-1, 1.0, a, -(1 bsl 70)]]),
    IsPort = fun erlang:is_port/1,
    p([IsPort(T) || T <- [self(), make_ref(), 1, <<>>, fun id/1]]).

p(Term) ->
    io:format("~p~n", [Term]).

id(X) -> X.
