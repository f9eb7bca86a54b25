%% erlang:is_bitstring/1 called as a function (Elixir's Kernel calls it
%% so) and in a guard: true for binaries, sub-binaries and bitstrings of
%% any bit length, false for every other type.
-module(bif_is_bitstring).
-export([main/1, id/1]).

main(_) ->
    Big = binary:copy(<<"x">>, 100),
    <<_:3, Odd/bitstring>> = id(<<1, 2, 3>>),
    <<_:8, Sub/binary>> = Big,
    Terms = [<<>>, <<1, 2>>, <<1:1>>, Odd, Sub, Big, 1, 1.0, atom, "list", [], {}, #{}, self(), make_ref(), fun id/1],
    p([erlang:is_bitstring(id(T)) || T <- Terms]),
    p([guard(id(T)) || T <- Terms]),
    F = fun erlang:is_bitstring/1,
    p(lists:map(F, [<<7:7>>, 7])).

guard(T) when is_bitstring(T) -> yes;
guard(_) -> no.

p(Term) ->
    io:format("~p~n", [Term]).

id(X) -> X.
