%% Maps inside maps: reading, updating and adding nested keys builds new
%% maps and leaves the old ones unchanged.
-module(nested_update).
-export([main/1, id/1]).

main(_) ->
    S0 = id(#{users => #{alice => #{age => 30}}, count => 1}),
    #{users := #{alice := #{age := Age}}} = S0,
    p(Age),
    #{users := Users} = S0,
    S1 = S0#{users := Users#{bob => #{age => 25}}, count := 2},
    p(S1),
    S2 = S1#{users := maps:put(alice, #{age => 31}, maps:get(users, S1))},
    p(S2),
    p(S0).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
