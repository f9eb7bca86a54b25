%% The old-style catch: a thrown value is returned as it is; an exit is
%% {'EXIT', Reason}; an error is {'EXIT', {Reason, Stack}}; a value that
%% does not raise passes through.
-module(catch_expression).
-export([main/1, id/1]).

main(_) ->
    p(catch throw(id(ball))),
    p(catch exit(id(bye))),
    {'EXIT', {Reason, Stack}} = (catch erlang:error(id(oops))),
    p({Reason, is_list(Stack)}),
    p(catch id(1) + 1),
    {'EXIT', {badarith, _}} = (catch id(a) + 1),
    p(badarith_caught),
    p(catch id({'EXIT', fake})).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
