%% io:format with arguments that do not fit its directives raises badarg.
-module(format_bad_arguments).
-export([main/1, id/1]).

main(_) ->
    p(try io:format(id("~b~n"), [id(atom)]) catch C1:R1 -> {C1, R1} end),
    p(try io:format(id("~p ~p~n"), [id(one)]) catch C2:R2 -> {C2, R2} end),
    p(try io:format(id("~s~n"), [id({tuple})]) catch C3:R3 -> {C3, R3} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
