%% ~s prints strings, binaries, atoms and iolists as text, with widths
%% and precisions that pad or cut.
-module(format_s).
-export([main/1, id/1]).

main(_) ->
    io:format("~s|~s|~s~n", [id("chars"), id(<<"binary">>), id(atom)]),
    io:format("~s~n", [id(["io", $l, [<<"is">>, "t"]])]),
    io:format("[~10s]~n", [id("right")]),
    io:format("[~-10s]~n", [id("left")]),
    io:format("[~.3s]~n", [id("truncate")]),
    io:format("[~10.3s]~n", [id("truncate")]),
    io:format("[~s]~n", [id("")]).

id(X) -> X.
