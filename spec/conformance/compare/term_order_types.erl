%% Erlang's term order across types: number < atom < reference < fun <
%% pid < tuple < map < [] < list < binary, checked by sorting one term of
%% each type and by pairwise comparison.
-module(term_order_types).
-export([main/1, id/1]).

main(_) ->
    Terms = id([<<"bin">>, [1], [], #{a => 1}, {t}, self(), fun id/1, make_ref(), atom, 1.5, 42]),
    Sorted = lists:sort(Terms),
    io:format("~p~n", [[kind(T) || T <- Sorted]]),
    io:format("~p~n", [ordered(Sorted)]),
    io:format("~p~n", [{id(1) < id(a), id(a) < id({}), id({}) < id([]), id([]) < id([0]), id([0]) < id(<<>>)}]),
    io:format("~p~n", [{id(zzz) < make_ref(), id(#{}) < id([]), id({a, b, c}) < id(#{})}]).

ordered([A, B | Rest]) -> A < B andalso ordered([B | Rest]);
ordered(_) -> true.

kind(T) when is_integer(T) -> integer;
kind(T) when is_float(T) -> float;
kind(T) when is_atom(T) -> atom;
kind(T) when is_reference(T) -> reference;
kind(T) when is_function(T) -> 'fun';
kind(T) when is_pid(T) -> pid;
kind(T) when is_tuple(T) -> tuple;
kind(T) when is_map(T) -> map;
kind([]) -> nil;
kind(T) when is_list(T) -> list;
kind(T) when is_binary(T) -> binary.

id(X) -> X.
