%% Big integers mixed with floats: the result is a float (rounded), and a
%% big integer divided with / gives a float.
-module(big_and_float_mixed).
-export([main/1, id/1]).

main(_) ->
    Big = id(18446744073709551616),
    p(Big + 0.5),
    p(Big * 1.0),
    p(Big / 4),
    p(Big / Big),
    p(id(1.0e30) - Big),
    p(Big * Big * 2.0).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
