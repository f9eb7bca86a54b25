%% io:format/3, io:put_chars/2 and io:nl/0,1 to the devices of a node:
%% standard_io (the group leader), user (standard output) and
%% standard_error (standard error, which only girder's expectation checks).
-module(format_device).
-export([main/1]).

main(_) ->
    p(io:format(standard_io, "one ~w~n", [1])),
    p(io:format(user, "two ~s~n", ["x"])),
    p(io:put_chars(standard_io, "three\n")),
    p(io:put_chars(user, [<<"fo">>, "ur\n"])),
    p(io:nl()),
    p(io:nl(user)),
    p(io:format(standard_error, "five ~w~n", [5])),
    p(io:put_chars(standard_error, <<"six\n">>)),
    p(io:nl(standard_io)).

p(X) -> io:format("~p~n", [X]).
