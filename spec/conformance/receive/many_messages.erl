%% A thousand messages sent to oneself arrive in order and can all be
%% received.
-module(many_messages).
-export([main/1, id/1]).

main(_) ->
    N = id(1000),
    send_all(1, N),
    p(collect(1, N, 0)),
    p(receive _ -> left after 0 -> empty end).

send_all(I, N) when I > N -> ok;
send_all(I, N) -> self() ! {seq, I, lists:seq(1, I rem 5)}, send_all(I + 1, N).

collect(I, N, Sum) when I > N -> Sum;
collect(I, N, Sum) ->
    receive
        {seq, I, L} -> collect(I + 1, N, Sum + I + length(L))
    after 0 -> {out_of_order, I}
    end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
