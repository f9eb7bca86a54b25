%% A receive with a timeout takes a matching message that is already there,
%% without waiting; after infinity waits for a message like a plain receive.
-module(after_with_message).
-export([main/1, id/1]).

main(_) ->
    self() ! id(ready),
    p(receive ready -> got_ready after 10000 -> timeout end),
    self() ! id(again),
    p(receive again -> got_again after infinity -> never end),
    self() ! id(skip),
    self() ! id(take),
    p(receive take -> took after 10 -> timeout end),
    p(receive skip -> skip_kept after 0 -> lost end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
