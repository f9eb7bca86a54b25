%% Sending to an atom that names no registered process raises badarg;
%% so does sending to something that is neither a pid nor an atom.
-module(send_to_unknown_name).
-export([main/1, id/1]).

main(_) ->
    p(try id(no_such_name) ! hello catch C1:R1 -> {C1, R1} end),
    p(try id(42) ! hello catch C2:R2 -> {C2, R2} end),
    p(receive X -> {unexpected, X} after 0 -> nothing_sent end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
