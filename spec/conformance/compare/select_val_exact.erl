%% A case on literal values matches exactly (=:=): 1.0 does not match the
%% clause for 1, and atoms, integers and floats each select their own clause.
-module(select_val_exact).
-export([main/1, id/1]).

main(_) ->
    p([num(id(X)) || X <- [1, 1.0, 2, 2.0, 3, -1, 576460752303423488]]),
    p([word(id(X)) || X <- [one, two, three, four, "one"]]).

num(1) -> int_one;
num(2) -> int_two;
num(1.0) -> float_one;
num(-1) -> minus_one;
num(576460752303423488) -> big;
num(_) -> other.

word(one) -> 1;
word(two) -> 2;
word(three) -> 3;
word(_) -> none.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
