%% A BIF that fails inside a guard makes the guard false instead of raising:
%% the next clause is tried.
-module(guard_failures).
-export([main/1, id/1]).

main(_) ->
    p([g(id(X)) || X <- [{a, b, c}, {a}, [1, 2, 3], [1 | 2], atom, 7]]).

g(T) when element(3, T) =:= c -> third_is_c;
g(L) when length(L) > 2 -> long_list;
g(X) when X + 1 > 5 -> big_number;
g(X) when hd(X) > 0 -> positive_head;
g(_) -> fallback.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
