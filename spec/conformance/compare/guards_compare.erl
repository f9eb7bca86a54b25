%% Comparisons in guards branch on term order: max, min and a three-way
%% compare written with guards.
-module(guards_compare).
-export([main/1, id/1]).

main(_) ->
    p([max2(id(3), id(7)), max2(id(b), id(a)), min2(id(1.5), id(1)), min2(id([]), id({}))]),
    p([cmp(id(1), id(2)), cmp(id(2), id(1)), cmp(id(1), id(1.0)), cmp(id(x), id(x)), cmp(id("a"), id(a))]),
    p([same(id(1), id(1.0)), same(id(1), id(1)), differs(id(1), id(1.0)), differs(id(a), id(a))]).

max2(A, B) when A >= B -> A;
max2(_, B) -> B.

min2(A, B) when A < B -> A;
min2(_, B) -> B.

cmp(A, B) when A < B -> less;
cmp(A, B) when A > B -> greater;
cmp(A, B) when A == B -> equal.

same(A, B) when A =:= B -> exact;
same(A, B) when A == B -> equal;
same(_, _) -> different.

differs(A, B) when A =/= B -> not_exact;
differs(A, B) when A /= B -> unequal;
differs(_, _) -> same.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
