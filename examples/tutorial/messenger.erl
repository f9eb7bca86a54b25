%% A listener that loops: print_result/0 takes one message, prints it as the
%% LFE tutorial's messenger does and calls itself to wait for the next.
%% main/1 spawns it and sends it three strings, then waits until it has
%% printed them: until it is back in its receive with an empty mailbox.
-module(messenger).
-export([main/1, print_result/0]).

print_result() ->
    receive
        Msg ->
            io:format("Received message: '~s'~n", [Msg]),
            print_result()
    end.

main(_) ->
    Pid = spawn(messenger, print_result, []),
    Pid ! "Zaphod was here.",
    Pid ! "Ford is missing.",
    Pid ! "Arthur is pining for Trillian.",
    wait_until_idle(Pid).

%% The run ends when main/1 returns. The three messages are in the
%% listener's mailbox or taken already; once the mailbox is empty and the
%% listener is waiting in print_result/0 (not in io:format/2, which waits
%% for the io server's reply on Erlang/OTP), it has printed all three.
wait_until_idle(Pid) ->
    {message_queue_len, Queued} = process_info(Pid, message_queue_len),
    {status, Status} = process_info(Pid, status),
    {current_function, Function} = process_info(Pid, current_function),
    case {Queued, Status, Function} of
        {0, waiting, {messenger, print_result, 0}} ->
            ok;
        _ ->
            timer:sleep(1),
            wait_until_idle(Pid)
    end.
