%% Integers around 2^63 and 2^64, the edges of 64-bit machine words:
%% sums, differences and products stay exact.
-module(boundary_2_63_2_64).
-export([main/1, id/1]).

main(_) ->
    I63 = id(9223372036854775807),
    p(I63 + 1),
    p(-I63 - 1),
    p(-I63 - 2),
    p(I63 * 2 + 1),
    p(I63 * 2 + 2),
    p(id(18446744073709551615) + 1),
    p(id(18446744073709551616) - 1),
    p(id(-9223372036854775808) - 1),
    p(id(4294967296) * id(4294967296)),
    p(id(-4294967296) * id(4294967296)),
    p(id(18446744073709551616) - id(18446744073709551616)).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
