%% ~e prints a float in exponent notation: precision is the number of
%% significant digits (6 by default).
-module(format_e).
-export([main/1, id/1]).

main(_) ->
    io:format("~e ~e~n", [id(3.14159), id(-1234.5)]),
    io:format("~.3e ~.2e~n", [id(123456.0), id(0.000123)]),
    io:format("~e~n", [id(0.0)]),
    io:format("[~12.3e]~n", [id(1.5)]).

id(X) -> X.
