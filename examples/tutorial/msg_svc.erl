%% The process registry, as in the LFE tutorial: the messenger's listener
%% is spawned and registered as 'msg-svc'; whereis/1 gives back its pid,
%% the same one spawn/3 answered, and a message sent to the name reaches
%% it. main/1 then waits until the listener has printed the message: until
%% it is back in its receive with an empty mailbox.
-module(msg_svc).
-export([main/1, print_result/0]).

print_result() ->
    receive
        Msg ->
            io:format("Received message: '~s'~n", [Msg]),
            print_result()
    end.

main(_) ->
    Pid2 = spawn(msg_svc, print_result, []),
    io:format("~p~n", [register('msg-svc', Pid2)]),
    io:format("~p~n", [whereis('msg-svc')]),
    io:format("~p~n", [Pid2]),
    'msg-svc' ! "This is Prostetnic Vogon Jeltz...",
    wait_until_idle(Pid2).

%% As in messenger: the listener has printed what it was sent once its
%% mailbox is empty and it is waiting in print_result/0.
wait_until_idle(Pid) ->
    {message_queue_len, Queued} = process_info(Pid, message_queue_len),
    {status, Status} = process_info(Pid, status),
    {current_function, Function} = process_info(Pid, current_function),
    case {Queued, Status, Function} of
        {0, waiting, {msg_svc, print_result, 0}} ->
            ok;
        _ ->
            timer:sleep(1),
            wait_until_idle(Pid)
    end.
