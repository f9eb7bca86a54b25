%% Nested try expressions: the innermost matching handler runs, a handler
%% may raise again, and code after a caught exception continues normally.
-module(nested_try).
-export([main/1, id/1]).

main(_) ->
    R = try
            try throw(id(first))
            catch throw:first -> erlang:error(id(second))
            end
        catch error:second -> {recovered, second}
        end,
    p(R),
    p(try try id(1) + 1 after io:format("after runs~n") end catch _:_ -> no end),
    p(try (try throw(id(x)) catch throw:x -> caught_inner end) of caught_inner -> {of_clause, ok} catch _:_ -> no end),
    p(deep(id(50))).

deep(0) -> throw(bottom);
deep(N) -> try deep(N - 1) catch throw:bottom when N =:= 25 -> {caught_at, N} end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
