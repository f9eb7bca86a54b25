%% erlang:send/2 and erlang:'!'/2 called as functions send like the !
%% operator and return the message.
-module(send_bifs).
-export([main/1, id/1]).

main(_) ->
    p(erlang:send(self(), id(first))),
    p(erlang:'!'(self(), id(second))),
    p(try erlang:send(id(nobody), x) catch C:R -> {C, R} end),
    p([receive M -> M end, receive M2 -> M2 end]).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
