%% file:native_name_encoding/0: utf8, the encoding of file names on
%% Linux (erl's default +fnu), which Elixir checks as it starts.
-module(file_name_encoding).
-export([main/1, id/1]).

main(_) ->
    p(file:native_name_encoding()),
    F = fun file:native_name_encoding/0,
    p(F()).

p(Term) ->
    io:format("~p~n", [Term]).

id(X) -> X.
