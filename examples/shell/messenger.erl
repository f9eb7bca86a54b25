%% The listener of the LFE tutorial "Lightweight Processes" (section 2.1),
%% in Erlang: it prints each message it receives, and listens again.
-module(messenger).
-export([print_result/0]).

print_result() ->
    receive
        Msg ->
            io:format("Received message: '~s'~n", [Msg]),
            print_result()
    end.
