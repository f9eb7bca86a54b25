%% The stack trace bound in a catch clause is a list of
%% {Module, Function, ArityOrArgs, Location} tuples whose first entry names
%% where the exception was raised.
-module(stacktrace_shape).
-export([main/1, id/1]).

main(_) ->
    try thrower(id(1)) catch throw:x:S1 -> p(top(S1)), p(well_formed(S1)) end,
    try id(a) + 1 catch error:badarith:S2 -> p(top(S2)), p(well_formed(S2)) end,
    try erlang:error(id(e)) catch error:e:S3 -> p(top(S3)) end.

thrower(N) -> throw(id(x)), N.

top([{M, F, A, Loc} | _]) when is_list(Loc) -> {M, F, A}.

well_formed(S) -> lists:all(fun({M, F, A, L}) -> is_atom(M) andalso is_atom(F) andalso (is_integer(A) orelse is_list(A)) andalso is_list(L); (_) -> false end, S).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
