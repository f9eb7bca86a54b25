%% ~n is a newline and ~~ a literal tilde; text between directives is
%% copied as it is.
-module(format_tilde_newline).
-export([main/1, id/1]).

main(_) ->
    io:format("100~~ sure~n"),
    io:format("a~nb~n"),
    io:format("~~~p~~~n", [id(x)]),
    io:format("no newline at the end"),
    io:format("~n").

id(X) -> X.
