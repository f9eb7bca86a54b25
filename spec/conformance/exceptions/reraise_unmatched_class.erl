%% An exception that no catch clause matches goes on to the next handler
%% with its class and reason intact.
-module(reraise_unmatched_class).
-export([main/1, id/1]).

main(_) ->
    p(outer(fun() -> erlang:error(id(inner_error)) end)),
    p(outer(fun() -> exit(id(inner_exit)) end)),
    p(outer(fun() -> throw(id(inner_throw)) end)),
    p(outer(fun() -> throw(id(other)) end)).

outer(F) ->
    try inner(F) catch C:R -> {outer_caught, C, R} end.

inner(F) ->
    try F() catch throw:inner_throw -> inner_caught_throw end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
