%% process_info(self(), message_queue_len) counts the messages waiting,
%% and drops as they are received.
-module(message_queue_len).
-export([main/1, id/1]).

main(_) ->
    p(process_info(self(), message_queue_len)),
    [self() ! N || N <- lists:seq(1, id(3))],
    p(process_info(self(), message_queue_len)),
    receive 2 -> ok end,
    p(process_info(self(), message_queue_len)).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
