%% Terms nested 2,000 deep print in full: lists, tuples and improper tails.
-module(print_deep_nesting).
-export([main/1, id/1]).

main(_) ->
    N = id(2000),
    L = nest_list(N),
    T = nest_tuple(N),
    S = io_lib:format("~w", [L]),
    io:format("~w ~w~n", [chars(S, 0), count($[, S, 0)]),
    io:format("~w~n", [nest_list(id(5))]),
    S2 = io_lib:format("~w", [T]),
    io:format("~w ~w~n", [chars(S2, 0), count(${, S2, 0)]),
    io:format("~w~n", [nest_tuple(id(4))]),
    io:format("~w~n", [nest_tail(id(4))]).

nest_list(0) -> [];
nest_list(N) -> [nest_list(N - 1)].

nest_tuple(0) -> x;
nest_tuple(N) -> {nest_tuple(N - 1)}.

nest_tail(0) -> end_of_list;
nest_tail(N) -> [N | nest_tail(N - 1)].

%% io_lib:format/2 may return a deep list: these walk it.
chars([], Acc) -> Acc;
chars([H | T], Acc) when is_list(H) -> chars(T, chars(H, Acc));
chars([_ | T], Acc) -> chars(T, Acc + 1).

count(_, [], Acc) -> Acc;
count(C, [H | T], Acc) when is_list(H) -> count(C, T, count(C, H, Acc));
count(C, [C | T], Acc) -> count(C, T, Acc + 1);
count(C, [_ | T], Acc) -> count(C, T, Acc).

id(X) -> X.
