%% Matching {ok, V} / {error, R} results: the tag and the size must both
%% match.
-module(tagged_tuples).
-export([main/1, id/1]).

main(_) ->
    p([result(id(T)) || T <- [{ok, 1}, {error, bad}, {ok, 1, 2}, {ok}, {other, 1}, ok, {"ok", 1}]]).

result({ok, V}) -> {value, V};
result({error, R}) -> {failed, R};
result(_) -> no_match.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
