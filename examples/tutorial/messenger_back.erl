%% A listener that answers: it receives {From, Msg}, prints the message and
%% the pid it came from, and sends {Msg} back to From, as the LFE tutorial's
%% messenger-back does. main/1 waits for the reply to arrive, then c:flush()
%% prints what is in its mailbox.
-module(messenger_back).
-export([main/1, print_result/0, send_message/2]).

print_result() ->
    receive
        {From, Msg} ->
            io:format("Received message: '~s'~n", [Msg]),
            io:format("Sending message to process ~p ...~n", [From]),
            From ! {Msg},
            print_result()
    end.

send_message(CallingPid, Msg) ->
    Pid = spawn(messenger_back, print_result, []),
    Pid ! {CallingPid, Msg}.

main(_) ->
    send_message(self(), "There was a terrible ghastly silence."),
    wait_for_reply(),
    c:flush().

%% The tutorial's user types flush() once the reply has come: wait until
%% it is in the mailbox, without taking it, however loaded the machine.
wait_for_reply() ->
    case process_info(self(), message_queue_len) of
        {message_queue_len, 0} ->
            timer:sleep(10),
            wait_for_reply();
        {message_queue_len, _} ->
            ok
    end.
