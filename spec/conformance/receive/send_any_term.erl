%% Every kind of term survives a trip through the mailbox unchanged: atoms,
%% numbers, big integers, floats, strings, tuples, lists, maps, binaries,
%% pids, references and funs.
-module(send_any_term).
-export([main/1, id/1]).

main(_) ->
    K = id(7),
    Ref = make_ref(),
    Fun = fun(X) -> X + K end,
    Terms = id([atom, 42, 18446744073709551616, -2.5, "string", {a, {b, [c]}}, [1, [2 | 3]],
                #{k => [v], 1 => #{}}, <<"bin">>, self(), Ref, Fun]),
    lists:foreach(fun(T) -> self() ! {msg, T} end, Terms),
    Received = [receive {msg, M} -> M end || _ <- Terms],
    p(Received =:= Terms),
    [_, _, _, _, _, _, _, _, _, Pid, R2, F2] = Received,
    p({Pid =:= self(), R2 =:= Ref, F2(1)}),
    io:format("~w~n", [lists:reverse(tl(tl(tl(lists:reverse(Received)))))]).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
