%% Pids, references and funs print in their #-forms (the numbers are
%% normalised by the suite).
-module(print_pid_ref_fun).
-export([main/1, id/1]).

main(_) ->
    io:format("~p~n", [self()]),
    io:format("~w~n", [make_ref()]),
    io:format("~p~n", [fun id/1]),
    io:format("~p~n", [{self(), [fun(X) -> X end]}]).

id(X) -> X.
