%% float/1, trunc/1 and round/1 convert between integers and floats; a
%% float that is integral converts exactly.
-module(number_conversions).
-export([main/1, id/1]).

main(_) ->
    p([float(id(X)) || X <- [0, -3, 1.5, 9007199254740993]]),
    p([trunc(id(X)) || X <- [0.9, -0.9, 5, 1.0e18, -1.5e19]]),
    p([round(id(X)) || X <- [0.5, 1.5, -0.5, -1.4, 1.0e19]]),
    p(trunc(float(id(123456789))) =:= 123456789).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
