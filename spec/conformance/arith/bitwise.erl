%% band, bor, bxor and bnot on positive, negative and big integers, with
%% two's complement semantics of unbounded width.
-module(bitwise).
-export([main/1, id/1]).

main(_) ->
    p(id(12) band id(10)),
    p(id(12) bor id(10)),
    p(id(12) bxor id(10)),
    p(bnot id(0)),
    p(bnot id(-1)),
    p(id(-12) band id(10)),
    p(id(-12) bor id(10)),
    p(id(-12) bxor id(-10)),
    Big = id(340282366920938463463374607431768211455),
    p(Big band id(16#FF00FF)),
    p(Big bxor Big),
    p(bnot Big),
    p(id(-18446744073709551616) band id(18446744073709551617)),
    p(id(-18446744073709551616) bor id(5)).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
