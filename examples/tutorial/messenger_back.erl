%% A listener that answers: it receives {From, Msg}, prints the message and
%% the pid it came from, and sends a reply back to From. main/1 waits for
%% the reply to arrive, then c:flush() prints what is in its mailbox.
-module(messenger_back).
-export([main/1, print_result/0, send_message/2]).

print_result() ->
    receive
        {From, Msg} ->
            io:format("Received message: '~s'~n", [Msg]),
            io:format("Sending message to process ~p ...~n", [From]),
            From ! {"There was a terrible ghastly silence."},
            print_result()
    end.

send_message(CallingPid, Msg) ->
    Pid = spawn(messenger_back, print_result, []),
    Pid ! {CallingPid, Msg}.

main(_) ->
    send_message(self(), "And what does this do?"),
    timer:sleep(100),
    c:flush().
