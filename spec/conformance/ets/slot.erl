%% ets:slot/2: on an ordered_set, slot I is the I-th object in key order;
%% on a set and a bag, the slots from 0 until '$end_of_table' hold every
%% object once (which slot holds which differs between implementations,
%% so they are gathered and sorted); an empty table's slots are empty
%% lists up to '$end_of_table'. A negative slot or a non-integer is badarg.
-module(slot).
-export([main/1]).

main(_) ->
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{K, K * K} || K <- [5, 1, 4, 2, 3]]),
    io:format("ordered: ~p~n", [[ets:slot(O, I) || I <- lists:seq(0, 5)]]),
    S = ets:new(s, [set]),
    ets:insert(S, [{K, x} || K <- lists:seq(1, 50)]),
    io:format("set: ~w~n", [lists:sort(gather(S, 0, []))]),
    B = ets:new(b, [bag]),
    ets:insert(B, [{a, 1}, {a, 2}, {b, 1}]),
    io:format("bag: ~p~n", [lists:sort(gather(B, 0, []))]),
    E = ets:new(e, [set]),
    io:format("empty: ~p~n", [all_empty(E, 0)]),
    [io:format("~p: ~p~n", [Arg, catch_slot(O, Arg)]) || Arg <- [-1, foo, 1.0]],
    ok.

gather(T, I, Acc) ->
    case ets:slot(T, I) of
        '$end_of_table' -> Acc;
        Objects -> gather(T, I + 1, Objects ++ Acc)
    end.

all_empty(T, I) ->
    case ets:slot(T, I) of
        '$end_of_table' -> true;
        [] -> all_empty(T, I + 1);
        _ -> false
    end.

catch_slot(T, I) ->
    try ets:slot(T, I) catch error:Reason -> {error, Reason} end.
