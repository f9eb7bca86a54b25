%% unique_integer/0,1: integers never repeated; `positive` ones are above
%% zero and `monotonic` ones strictly increase; other options are badarg.
-module(unique_integers).
-export([main/1]).

main(_) ->
    A = erlang:unique_integer(),
    B = erlang:unique_integer(),
    p({is_integer(A), A =/= B}),
    P = erlang:unique_integer([positive]),
    p(P > 0),
    M1 = erlang:unique_integer([monotonic]),
    M2 = erlang:unique_integer([monotonic, positive]),
    M3 = erlang:unique_integer([positive, monotonic]),
    p({M1 < M2, M2 < M3, M2 > 0}),
    p(distinct(many(100, []))),
    t([bad]),
    t([positive | monotonic]),
    t(positive).

many(0, Acc) -> Acc;
many(N, Acc) -> many(N - 1, [erlang:unique_integer() | Acc]).

distinct(L) -> no_repeat(lists:sort(L)).

no_repeat([X, X | _]) -> false;
no_repeat([_ | T]) -> no_repeat(T);
no_repeat([]) -> true.

t(Options) ->
    try erlang:unique_integer(Options) of
        _ -> p(returned)
    catch
        C:R -> p({C, R})
    end.

p(X) -> io:format("~p~n", [X]).
