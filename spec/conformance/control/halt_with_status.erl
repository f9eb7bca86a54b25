%% erlang:halt/1 stops the VM at once with the given exit status; nothing
%% after it runs.
-module(halt_with_status).
-export([main/1, id/1]).

main(_) ->
    io:format("before halt~n"),
    erlang:halt(id(3)),
    io:format("after halt~n").

id(X) -> X.
