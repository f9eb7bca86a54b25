%% girder's own definitions of lists functions (its BIFs, and the functions
%% of its built-in library that take funs) agree with Erlang/OTP's
%% lists module, results and errors alike. The suite runs this case with
%% Erlang/OTP's lists loaded and, in bin/tests/library.rs, without it.
-module(builtin_and_otp_agree).
-export([main/1]).

main(_) ->
    Double = fun(X) -> 2 * X end,
    Add = fun(X, Acc) -> X + Acc end,
    Even = fun(X) -> X rem 2 =:= 0 end,
    Cons = fun(X, Acc) -> [X | Acc] end,
    Lists = [[], [1], [3, 1, 2], [5, 4, 3, 2, 1], [1, 2, 3, 4, 5, 6]],
    [begin
         show(map, fun() -> lists:map(Double, L) end),
         show(foldl, fun() -> lists:foldl(Add, 0, L) end),
         show(foldl_cons, fun() -> lists:foldl(Cons, [], L) end),
         show(foldr_cons, fun() -> lists:foldr(Cons, [], L) end),
         show(filter, fun() -> lists:filter(Even, L) end),
         show(any, fun() -> lists:any(Even, L) end),
         show(all, fun() -> lists:all(Even, L) end),
         show(foreach, fun() -> lists:foreach(fun(X) -> self() ! X end, L), flush_all([]) end),
         show(reverse, fun() -> lists:reverse(L) end),
         show(reverse2, fun() -> lists:reverse(L, [tail]) end),
         show(append, fun() -> lists:append(L, [x]) end),
         show(append1, fun() -> lists:append([L, L]) end),
         show(sort, fun() -> lists:sort(L) end),
         show(sum, fun() -> lists:sum(L) end),
         show(member, fun() -> lists:member(2, L) end),
         show(last, fun() -> lists:last(L) end),
         show(nth, fun() -> lists:nth(2, L) end),
         show(duplicate, fun() -> lists:duplicate(length(L), L) end),
         show(keyfind, fun() -> lists:keyfind(2, 1, [{X, X * X} || X <- L]) end)
     end || L <- Lists],
    show(seq, fun() -> lists:seq(1, 5) end),
    show(seq_empty, fun() -> lists:seq(5, 4) end),
    show(seq_bad, fun() -> lists:seq(5, 3) end),
    show(seq_atom, fun() -> lists:seq(a, 3) end),
    show(map_not_fun, fun() -> lists:map(not_a_fun, [1]) end),
    show(map_not_list, fun() -> lists:map(Double, not_a_list) end),
    show(map_improper, fun() -> lists:map(Double, [1 | 2]) end),
    show(foldl_not_list, fun() -> lists:foldl(Add, 0, not_a_list) end),
    show(foldr_not_fun, fun() -> lists:foldr(x, 0, [1]) end),
    show(filter_bad_pred, fun() -> lists:filter(fun(_) -> maybe end, [1]) end),
    show(any_not_list, fun() -> lists:any(Even, 7) end),
    show(all_not_fun, fun() -> lists:all(7, []) end),
    show(foreach_not_list, fun() -> lists:foreach(Double, 7) end),
    show(filter_not_list, fun() -> lists:filter(Even, 7) end),
    show(filter_improper, fun() -> lists:filter(Even, [2 | 3]) end),
    show(any_bad_pred, fun() -> lists:any(fun(_) -> maybe end, [1]) end),
    show(any_improper, fun() -> lists:any(Even, [1 | 3]) end),
    show(all_bad_pred, fun() -> lists:all(fun(_) -> maybe end, [1]) end),
    show(all_not_list, fun() -> lists:all(Even, 7) end),
    show(all_improper, fun() -> lists:all(Even, [2 | 3]) end),
    show(map_not_list2, fun() -> lists:map(Double, [1, 2 | x]) end),
    show(foldl_improper, fun() -> lists:foldl(Add, 0, [1 | 2]) end),
    show(foldr_not_list, fun() -> lists:foldr(Add, 0, 7) end),
    show(foldr_improper, fun() -> lists:foldr(Add, 0, [1 | 2]) end),
    show(foreach_improper, fun() -> lists:foreach(Double, [1 | 2]) end),
    show(foreach_not_fun, fun() -> lists:foreach(x, []) end),
    show(reverse_improper, fun() -> lists:reverse([1 | 2]) end),
    show(nth_zero, fun() -> lists:nth(0, [1]) end),
    show(nth_past, fun() -> lists:nth(3, [1]) end),
    show(last_empty, fun() -> lists:last([]) end),
    show(sum_atoms, fun() -> lists:sum([a]) end),
    show(duplicate_negative, fun() -> lists:duplicate(-1, x) end),
    show(keyfind_zero, fun() -> lists:keyfind(k, 0, []) end),
    show(member_improper, fun() -> lists:member(x, [a | b]) end),
    show(append_not_list, fun() -> lists:append(a, [b]) end),
    ok.

flush_all(Acc) ->
    receive X -> flush_all([X | Acc]) after 0 -> lists:reverse(Acc) end.

show(Name, F) ->
    Result = try {ok, F()} catch Class:Reason -> {Class, Reason} end,
    io:format("~p: ~p~n", [Name, Result]).
