%% process_info(self(), message_queue_len): the number of messages waiting
%% in the mailbox grows with each message sent to self(), and is 0 again
%% after c:flush() has printed and dropped them.
-module(queue_len).
-export([main/1]).

main(_) ->
    io:format("~p~n", [process_info(self(), message_queue_len)]),
    self() ! one,
    io:format("~p~n", [process_info(self(), message_queue_len)]),
    self() ! {two, 2},
    self() ! "three",
    io:format("~p~n", [process_info(self(), message_queue_len)]),
    c:flush(),
    io:format("~p~n", [process_info(self(), message_queue_len)]).
