%% erlang:halt/0 stops the VM with status 0, even with code left to run.
-module(halt_zero).
-export([main/1, id/1]).

main(_) ->
    io:format("before halt~n"),
    id(erlang:halt()),
    io:format("after halt~n").

id(X) -> X.
