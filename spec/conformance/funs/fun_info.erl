%% erlang:fun_info/1,2 and erlang:fun_info_mfa/1 of local and external
%% funs: the name a local fun's code has, its arity and free variables,
%% its type; badarg for an item there is not and for what is no fun.
-module(fun_info).
-export([main/1, id/1]).

main(_) ->
    Free = id(captured),
    Local = fun(A, B) -> {A, B, Free} end,
    Plain = fun() -> ok end,
    External = fun lists:map/2,
    [p(erlang:fun_info(Fun, Item)) || Fun <- [Local, Plain, External],
                                      Item <- [arity, env, module, name, type]],
    p([erlang:fun_info_mfa(Fun) || Fun <- [Local, Plain, External]]),
    {index, I} = erlang:fun_info(Local, index),
    {new_index, I} = erlang:fun_info(Local, new_index),
    {uniq, U} = erlang:fun_info(Local, uniq),
    {new_uniq, NewUniq} = erlang:fun_info(Local, new_uniq),
    {pid, Pid} = erlang:fun_info(Local, pid),
    p([is_integer(I), is_integer(U), is_binary(NewUniq), byte_size(NewUniq), is_pid(Pid)]),
    p([Value || {_, Value} <- [erlang:fun_info(External, Item)
                               || Item <- [index, new_index, uniq, new_uniq, pid]]]),
    p([Item || {Item, _} <- erlang:fun_info(Local)]),
    p(lists:keyfind(env, 1, erlang:fun_info(Plain))),
    p(lists:keyfind(name, 1, erlang:fun_info(External))),
    p(try erlang:fun_info(Local, refs) catch C1:R1 -> {C1, R1} end),
    p(try erlang:fun_info(id(not_a_fun), arity) catch C2:R2 -> {C2, R2} end),
    p(try erlang:fun_info(Local, id("arity")) catch C3:R3 -> {C3, R3} end),
    p(try erlang:fun_info_mfa(id(not_a_fun)) catch C4:R4 -> {C4, R4} end),
    p(try erlang:fun_info(id(not_a_fun)) catch C5:R5 -> {C5, R5} end).

id(X) -> X.

p(Term) -> io:format("~p~n", [Term]).
