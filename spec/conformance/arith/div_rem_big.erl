%% div and rem with big operands and negative big dividends, and results
%% that shrink back to small integers.
-module(div_rem_big).
-export([main/1, id/1]).

main(_) ->
    Big = id(340282366920938463463374607431768211457),
    p(Big div 3),
    p(Big rem 3),
    p(-Big div 7),
    p(-Big rem 7),
    p(Big div id(18446744073709551616)),
    p(Big rem id(18446744073709551616)),
    p(Big div Big),
    p(id(5) div Big),
    p(id(-5) rem Big),
    p(Big div -1).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
