%% Floats print in the shortest form that reads back to the same value,
%% with a decimal point, in plain or exponent notation.
-module(print_floats).
-export([main/1, id/1]).

main(_) ->
    Terms = id([0.1, 1.0, 1.0e10, -0.0, 0.0, 100.0, 1.0e-10, 123456.789, 1.0e15, 1.0e16, 2.5e-5, 0.001, 3.14159,
                1.0e300, 5.0e-324, 1.7976931348623157e308, 0.30000000000000004, 9007199254740992.0, 123.456e20, -1.5e-7,
                1.0e21, 1.0e22, 1.0e23, 4.0e-4, 1.0e-4]),
    lists:foreach(fun(T) -> io:format("~p ~w~n", [T, T]) end, Terms).

id(X) -> X.
