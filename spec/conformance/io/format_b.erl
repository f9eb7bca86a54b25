%% ~b and ~B print integers in a base (10 unless a precision gives one),
%% lowercase and uppercase, with a width.
-module(format_b).
-export([main/1, id/1]).

main(_) ->
    io:format("~b ~b ~b~n", [id(42), id(-42), id(18446744073709551616)]),
    io:format("~.16b ~.16B ~.2b ~.36B~n", [id(255), id(255), id(5), id(1295)]),
    io:format("[~8b] [~-8b] [~8.16B]~n", [id(42), id(42), id(-255)]),
    io:format("~.16B~n", [id(-3735928559)]).

id(X) -> X.
