%% io_lib:format/2 returns the characters instead of printing them; they
%% print the same through ~s and io:put_chars/1.
-module(io_lib_format_returns_chars).
-export([main/1, id/1]).

main(_) ->
    S = io_lib:format("~p-~w-~s", [id({a, "b"}), id("c"), id("d")]),
    io:format("~s~n", [S]),
    io:put_chars(S),
    io:format("~n"),
    Line = io_lib:format("~b items~n", [id(3)]),
    io:put_chars(Line),
    io:format("~p~n", [is_list(io_lib:format("", []))]).

id(X) -> X.
