-module(dictionary).
-export([main/1]).

%% The process dictionary: put/get/erase, get_keys, and process_info.
main(_) ->
    undefined = put(a, 1),
    1 = put(a, 2),
    undefined = put({key, [1, 2]}, <<"value">>),
    undefined = put(1.0, float),
    undefined = put(1, integer),
    io:format("~p ~p ~p ~p~n", [get(a), get({key, [1, 2]}), get(1.0), get(1)]),
    io:format("~p~n", [get(missing)]),
    io:format("~p~n", [lists:sort(get())]),
    %% 1 and 1.0 compare equal: the integer first, whatever the order.
    io:format("~p~n", [lists:sort(fun(A, B) -> {A, is_float(A)} =< {B, is_float(B)} end, get_keys())]),
    put(b, 2),
    io:format("~p~n", [lists:sort(get_keys(2))]),
    {dictionary, D} = process_info(self(), dictionary),
    io:format("~p~n", [lists:sort(D)]),
    io:format("~p ~p~n", [erase(a), erase(a)]),
    io:format("~p~n", [lists:sort(erase())]),
    io:format("~p ~p~n", [get(), get_keys()]),
    %% Many keys, put and erased, and the terms survive collections.
    [put({n, N}, lists:seq(1, N rem 7)) || N <- lists:seq(1, 2000)],
    erlang:garbage_collect(),
    [erase({n, N}) || N <- lists:seq(1, 2000), N rem 3 =:= 0],
    io:format("~p ~p ~p~n", [length(get()), get({n, 1000}), get({n, 999})]),
    %% Another process's dictionary, seen from outside.
    Self = self(),
    P = spawn(fun() -> put(x, {y, self()}), Self ! ready, receive stop -> ok end end),
    receive ready -> ok end,
    {dictionary, [{x, {y, P}}]} = process_info(P, dictionary),
    P ! stop,
    io:format("done~n").
