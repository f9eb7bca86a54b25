%% == and /= compare numbers by value (1 == 1.0); =:= and =/= also compare
%% types, inside compound terms too.
-module(equal_vs_exact).
-export([main/1, id/1]).

main(_) ->
    One = id(1), OneF = id(1.0),
    p({One == OneF, One /= OneF, One =:= OneF, One =/= OneF}),
    p({One == One, One =:= One, OneF =:= OneF}),
    A = id({1, [a, "b"], #{k => 2}}),
    B = id({1.0, [a, "b"], #{k => 2.0}}),
    p({A == B, A =:= B, A /= B, A =/= B}),
    Big = id(18446744073709551616),
    p({Big == 18446744073709551616.0, Big =:= 18446744073709551616.0, Big =:= id(18446744073709551616)}),
    p({id(a) == id(a), id("abc") =:= id([97, 98, 99]), id(<<1, 2>>) =:= id(<<1, 2>>)}),
    p({id(0) == id(0.0), id(2) == id(2.5)}).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
