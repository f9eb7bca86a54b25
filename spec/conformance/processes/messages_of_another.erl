%% process_info(Pid, messages) of another process lists every message sent
%% to it so far, in the order sent, whether or not the process has run
%% since they arrived; message_queue_len agrees.
-module(messages_of_another).
-export([main/1, wait_for_stop/0]).

main(_) ->
    B = spawn(messages_of_another, wait_for_stop, []),
    B ! one,
    B ! {two, [2]},
    B ! "three",
    p(process_info(B, messages)),
    p(process_info(B, message_queue_len)),
    B ! stop.

wait_for_stop() ->
    receive stop -> ok end.

p(X) -> io:format("~p~n", [X]).
