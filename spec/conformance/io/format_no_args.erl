%% io:format/1 prints a format string that takes no arguments.
-module(format_no_args).
-export([main/1, id/1]).

main(_) ->
    io:format(id("Hello, world!~n")),
    io:format(id("tilde: ~~, then newline~n")).

id(X) -> X.
