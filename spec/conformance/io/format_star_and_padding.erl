%% Field widths and precisions taken from the arguments (~*), and a padding
%% character after the precision (~W.P.Cf).
-module(format_star_and_padding).
-export([main/1, id/1]).

main(_) ->
    io:format("~*b|~-*s|~.*f~n", [id(5), id(42), id(6), id("ab"), id(2), id(3.14159)]),
    io:format("~10.3.0f|~-8.2.*f|~8.3e~n", [id(3.14159), id($x), id(2.5), id(1234.5)]),
    io:format("[~5.1.xs]~n", [id("a")]),
    io:format("[~10.16.0B]~n", [id(255)]).

id(X) -> X.
