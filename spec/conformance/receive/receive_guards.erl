%% receive patterns with guards: a message whose guard fails is skipped and
%% stays in the mailbox.
-module(receive_guards).
-export([main/1, id/1]).

main(_) ->
    [self() ! {num, N} || N <- id([1, 7, 3, 9])],
    receive {num, N1} when N1 > 5 -> p(N1) end,
    receive {num, N2} when N2 > 5 -> p(N2) end,
    receive {num, N3} when N3 rem 2 =:= 1, N3 > 1 -> p(N3) end,
    receive {num, N4} -> p(N4) end,
    p(receive _ -> left_over after 0 -> empty end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
