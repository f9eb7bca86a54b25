-module(re_captures).
-export([main/1, id/1]).

%% re:run/3's {capture, Spec, Type}: all, first, all_but_first, none,
%% all_names, lists of numbers and names; index, list and binary values;
%% unset groups.

id(X) -> X.

t(F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~w~n", [R]).

bins({match, L}) -> {match, [bin(X) || X <- L]};
bins(Other) -> Other.

bin(X) when is_binary(X) -> {bin, binary_to_list(X)};
bin(L) when is_list(L) -> [bin(X) || X <- L];
bin(X) -> X.

main(_) ->
    S = id("abc"),
    t(fun() -> re:run(S, "(b)(z)?", [{capture, all, list}]) end),
    t(fun() -> re:run(S, "(b)(z)?(c)", [{capture, all, list}]) end),
    t(fun() -> re:run(S, "(b)(z)?(c)", [{capture, all, index}]) end),
    t(fun() -> re:run(S, "(b)(z)?(c)", [{capture, all}]) end),
    t(fun() -> re:run(S, "(b)(z)?(c)", [{capture, first, list}]) end),
    t(fun() -> re:run(S, "(b)(z)?(c)", [{capture, all_but_first, list}]) end),
    t(fun() -> re:run(S, "(b)(z)?(c)", [{capture, none}]) end),
    t(fun() -> re:run(S, "(b)(z)?(c)", [{capture, [3, 1, 7], list}]) end),
    t(fun() -> re:run(S, "(b)(z)?(c)", [{capture, [2, 0], index}]) end),
    t(fun() -> re:run(S, "(?<x>b)(z)?", [{capture, all_names, list}]) end),
    t(fun() -> re:run(S, "(?<y>c)|(?<x>b)", [{capture, all_names, index}]) end),
    t(fun() -> re:run(S, "(?<n>b)", [{capture, ["n"], index}]) end),
    t(fun() -> re:run(S, "(?<n>b)", [{capture, [n, 0, 1], list}]) end),
    t(fun() -> re:run(S, "(?P<n>b)", [{capture, [x], list}]) end),
    t(fun() -> re:run(S, "(?'n'b)", [{capture, [<<"n">>], list}]) end),
    t(fun() -> bins(re:run(S, "(?<n>b)", [{capture, [n, 0, 1], binary}])) end),
    t(fun() -> bins(re:run(id(<<"abc">>), "(a)(x)?(c)?", [{capture, all, binary}])) end),
    t(fun() -> bins(re:run(S, "(b)(x)?", [{capture, [1, 2], binary}])) end),
    t(fun() -> re:run(S, "b", [{capture, first, index}, {capture, all_but_first, list}]) end),
    t(fun() -> re:run(S, "(b)", [{capture, bad}]) end),
    t(fun() -> re:run(S, "(b)", [{capture, all, foo}]) end),
    t(fun() -> re:run(S, "(b)", [{capture, [-1], index}]) end),
    t(fun() -> re:run(S, "(b)", [{capture, [{x}], index}]) end),
    t(fun() -> re:run(S, "(a)|(b)", [{capture, all, index}, global]) end),
    t(fun() -> re:run(S, "(?:a)(b)", [{capture, all, list}]) end),
    t(fun() -> re:run(S, "(a)(b)", [{capture, all, list}, no_auto_capture]) end),
    t(fun() -> re:run(S, "(a)(?<n>b)", [{capture, all, list}, no_auto_capture]) end),
    t(fun() -> re:run(id("abab"), "(?<p>ab)\\k<p>", [{capture, all, index}]) end),
    t(fun() -> re:run(id("abab"), "(ab)\\g{-1}", [{capture, all, index}]) end),
    t(fun() -> re:run(id("abab"), "(?P<p>ab)(?P=p)", [{capture, all, index}]) end),
    ok.
