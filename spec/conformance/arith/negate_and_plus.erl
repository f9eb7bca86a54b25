%% Unary minus and unary plus on small, big and float numbers, including
%% the negation that crosses the small/big boundary.
-module(negate_and_plus).
-export([main/1, id/1]).

main(_) ->
    p(-id(5)),
    p(-id(-576460752303423488)),
    p(-id(576460752303423488)),
    p(-id(-9223372036854775808)),
    p(-id(1.5)),
    p(+id(7)),
    p(+id(-2.25)),
    p(+id(18446744073709551616)),
    p(try +id(atom) catch C:R -> {C, R} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
