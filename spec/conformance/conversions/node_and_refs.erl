%% node/0 is nonode@nohost outside distribution; make_ref/0 gives unique
%% references that equal only themselves.
-module(node_and_refs).
-export([main/1, id/1]).

main(_) ->
    p(node()),
    R1 = make_ref(), R2 = make_ref(),
    p({R1 =:= R1, R1 =:= R2, is_reference(R1), is_reference(id(r))}),
    Refs = [make_ref() || _ <- lists:seq(1, 100)],
    p(all_distinct(Refs)).

all_distinct([]) -> true;
all_distinct([R | Rs]) -> not lists:member(R, Rs) andalso all_distinct(Rs).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
