%% Large messages (lists and maps of some hundreds of words) sent to self
%% and received while the heap is collected keep their contents.
-module(large_messages_gc).
-export([main/1, id/1]).

main(_) ->
    L = lists:seq(1, id(300)),
    M = maps:from_list([{I, {I, [I]}} || I <- lists:seq(1, 50)]),
    [self() ! {N, L, M} || N <- lists:seq(1, 20)],
    p(check(1, 0)).

check(21, Sum) -> Sum;
check(N, Sum) ->
    receive {N, L, M} ->
        {N, [N]} = maps:get(N, M),
        check(N + 1, Sum + lists:sum(L) + map_size(M))
    end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
