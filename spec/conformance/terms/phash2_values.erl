%% erlang:phash2/1,2 give OTP's own values, the same on every machine:
%% integers small and big, floats (-0.0 as 0.0), atoms, strings, lists,
%% tuples, maps (whatever the order of their keys), binaries; a range
%% outside 1..2^32 is badarg.
-module(phash2_values).
-export([main/1, id/1]).

main(_) ->
    each([a, abc, '', [], 0, 1, -1, 100000, -100000,
          1 bsl 27, 1 bsl 28, -(1 bsl 27), -(1 bsl 28), 1 bsl 40, 1 bsl 59, -(1 bsl 59),
          1 bsl 70, -(1 bsl 70), 1 bsl 130,
          1.5, 0.0, -0.0, -2.5e300,
          {}, {a}, {a, b, c}, {[]}, {{1, 2}, "x"},
          [a], "abc", "abcde", "abcdefghijklmnop", [300], [[]], [a | b], [1, 2 | 3], [97, 98, a, 99],
          #{}, #{a => 1}, #{1 => 2, b => {c}}, #{b => {c}, 1 => 2}, #{k => #{}},
          <<>>, <<1, 2, 3>>, <<"abcdefghijkl">>, <<"abcdefghijklmnopqrstuvwxyz">>]),
    p(erlang:phash2({a, "b", 3})),
    p(erlang:phash2(list_to_atom(id([233])), 1 bsl 32)),
    p(erlang:phash2(list_to_atom(id([257, 97])), 1 bsl 32)),
    p(erlang:phash2(list_to_atom(id([$x, 8364, 233, $y])), 1 bsl 32)),
    p(erlang:phash2(<<"abcdefghijklmnopqrstuvwxyz">>, 1000)),
    p(erlang:phash2(abc, 7)),
    p(erlang:phash2(abc, 1)),
    t(0),
    t(-1),
    t((1 bsl 32) + 1),
    t(a).

each([X | Rest]) ->
    p({X, erlang:phash2(X, 1 bsl 32)}),
    each(Rest);
each([]) -> ok.

t(Range) ->
    try erlang:phash2(x, Range) of
        V -> p(V)
    catch
        C:R -> p({C, R})
    end.

p(X) -> io:format("~w~n", [X]).

id(X) -> X.
