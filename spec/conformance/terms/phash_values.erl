%% erlang:phash/2 gives OTP's own values (make_hash), the same on every
%% machine: integers small and big, floats (-0.0 as 0.0), atoms (names
%% outside Latin-1 too), strings, lists proper and improper, tuples, maps,
%% binaries, external funs; a range outside 1..2^32 is badarg. OTP's dict
%% and sets (version 1) place their elements by it.
-module(phash_values).
-export([main/1, id/1]).
-compile({nowarn_deprecated_function, [{erlang, phash, 2}]}).

main(_) ->
    each([a, abc, '', [], 0, 1, -1, 255, 256, 100000, -100000,
          1 bsl 27, 1 bsl 28, -(1 bsl 28), (1 bsl 31) - 1, 1 bsl 31, (1 bsl 32) - 1, 1 bsl 32,
          -(1 bsl 32), 1 bsl 40, 1 bsl 59, -(1 bsl 59), 1 bsl 60, (1 bsl 64) - 1, 1 bsl 64,
          -(1 bsl 64), 1 bsl 70, -(1 bsl 70), 1 bsl 130,
          1.5, 0.0, -0.0, -2.5e300, 1.0e-300,
          {}, {a}, {a, b, c}, {[]}, {{1, 2}, "x"},
          [a], "abc", "abcde", [300], [-1], [[]], [[1, 2], [3 | 4]], [a | b], [1, 2 | 3],
          [97, 98, a, 99], [a, "bc" | d], "abc" ++ [{}],
          #{}, #{a => 1}, #{1 => 2, b => {c}}, #{b => {c}, 1 => 2}, #{k => #{}},
          <<>>, <<1, 2, 3>>, <<"abcdefghijkl">>, <<"abcdefghijklmnopqrstuvwxyz">>,
          fun lists:map/2, fun erlang:phash/2]),
    q(maps:from_list([{N, N * N} || N <- lists:seq(1, 40)])),
    q(list_to_atom(id([233]))),
    q(list_to_atom(id([257, 97]))),
    q(list_to_atom(id([$x, 8364, 233, $y]))),
    p(erlang:phash(abc, 1)),
    p(erlang:phash(abc, 1 bsl 31)),
    t(0),
    t(-1),
    t((1 bsl 32) + 1),
    t(1 bsl 64),
    t(1.0),
    t(a),
    D0 = lists:foldl(fun(W, D) -> dict:update_counter(W, 1, D) end, dict:new(),
                     [apple, pear, apple, "fig", 42, {k, 1}, pear, apple, <<"kiwi">>]),
    p(dict:to_list(D0)),
    p(dict:fetch(apple, D0)),
    D1 = dict:from_list([{N, -N} || N <- lists:seq(1, 30)]),
    p(dict:to_list(D1)),
    p(dict:find(17, D1)),
    S0 = sets:from_list([c, a, "b", 3, {x}, 2.5, 1 bsl 70, <<"z">>]),
    p(sets:to_list(S0)),
    p(sets:is_element("b", S0)),
    S1 = sets:add_element(d, sets:del_element(a, S0)),
    p(sets:to_list(S1)),
    p(sets:to_list(sets:from_list(lists:seq(1, 25)))).

each([X | Rest]) ->
    p({X, erlang:phash(X, 1 bsl 32), erlang:phash(X, 7)}),
    each(Rest);
each([]) -> ok.

q(X) ->
    p({erlang:phash(X, 1 bsl 32), erlang:phash(X, 1000)}).

t(Range) ->
    try erlang:phash(x, Range) of
        V -> p(V)
    catch
        C:R -> p({C, R})
    end.

p(X) -> io:format("~w~n", [X]).

id(X) -> X.
