%% The listener of the LFE tutorial "Process Communications" (section 4.2),
%% in Erlang: it answers each message to the process that sent it.
-module(messenger_back).
-export([print_result/0, send_message/2]).

print_result() ->
    receive
        {Pid, Msg} ->
            io:format("Received message: '~s'~n", [Msg]),
            io:format("Sending message to process ~p ...~n", [Pid]),
            Pid ! {Msg},
            print_result()
    end.

send_message(CallingPid, Msg) ->
    SpawnedPid = spawn(messenger_back, print_result, []),
    SpawnedPid ! {CallingPid, Msg}.
