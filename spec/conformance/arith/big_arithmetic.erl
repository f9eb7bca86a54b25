%% Big integer arithmetic: factorial, powers, and mixed-sign sums and
%% products far beyond 64 bits.
-module(big_arithmetic).
-export([main/1, id/1]).

main(_) ->
    p(fact(id(30))),
    p(fact(id(52))),
    P = pow(id(2), 100),
    p(P),
    p(P * pow(3, 50)),
    p(P - pow(3, 70)),
    p(-P + 1),
    p(P + (-P)),
    p(pow(id(-7), 41)),
    p(fact(25) div fact(23)).

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

pow(_, 0) -> 1;
pow(B, E) -> B * pow(B, E - 1).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
