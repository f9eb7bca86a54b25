%% A process sends a message to itself and receives it; send returns the
%% message.
-module(send_to_self).
-export([main/1, id/1]).

main(_) ->
    Returned = (self() ! id(hello)),
    p(Returned),
    receive M -> p({got, M}) end,
    self() ! {id(1), two},
    receive {N, What} -> p({N, What}) end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
