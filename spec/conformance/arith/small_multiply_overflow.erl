%% Multiplying two small integers whose product does not fit a machine word
%% gives the exact big result, whatever the signs.
-module(small_multiply_overflow).
-export([main/1, id/1]).

main(_) ->
    A = id(1099511627776),
    B = id(-3000000007),
    p(A * A),
    p(A * B),
    p(B * B),
    p(B * B * B),
    p(id(576460752303423487) * id(576460752303423487)),
    p(id(123456789) * id(987654321)).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
