%% io:put_chars/1 prints a string, a binary or an iolist as it is.
-module(put_chars).
-export([main/1, id/1]).

main(_) ->
    io:put_chars(id("a string\n")),
    io:put_chars(id(<<"a binary\n">>)),
    io:put_chars(id(["an ", [<<"io">>, $l], "ist", <<"\n">>])),
    io:put_chars(id("")),
    io:put_chars(id("~p is not a directive here\n")).

id(X) -> X.
