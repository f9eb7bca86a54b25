-module(re_compile).
-export([main/1, id/1]).

%% re:compile/1,2, re:inspect/2, re:version/0 (PCRE 8.44's syntax): the
%% compiled pattern's shape, compile errors with PCRE's messages and offsets, bad options.

id(X) -> X.

t(F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~p~n", [R]).

shape({ok, {re_pattern, N, U, CRLF, B}}) when is_binary(B) -> {ok, N, U, CRLF};
shape(Other) -> Other.

main(_) ->
    t(fun() -> lists:prefix("8.44 2020-02-12", binary_to_list(re:version())) end),
    t(fun() -> shape(re:compile(id("a(b)c"))) end),
    t(fun() -> shape(re:compile(id("a(b)(?<n>c)"), [unicode])) end),
    t(fun() -> shape(re:compile(id("ab"), [{newline, crlf}])) end),
    t(fun() -> shape(re:compile(id("ab"), [{newline, anycrlf}, caseless, multiline])) end),
    t(fun() -> shape(re:compile(id(<<"a.c">>), [dotall, extended, ungreedy, anchored])) end),
    t(fun() -> re:compile(id("(")) end),
    t(fun() -> re:compile(id("abc(")) end),
    t(fun() -> re:compile(id("[a")) end),
    t(fun() -> re:compile(id("*a")) end),
    t(fun() -> re:compile(id("a|+")) end),
    t(fun() -> re:compile(id("a)")) end),
    t(fun() -> re:compile(id("a{2,1}")) end),
    t(fun() -> re:compile(id("\\")) end),
    t(fun() -> re:compile(id("(?<n")) end),
    t(fun() -> re:compile(id("\\1")) end),
    t(fun() -> re:compile(id("(a)\\2")) end),
    t(fun() -> re:compile(id("[z-a]")) end),
    t(fun() -> re:compile(id(<<255>>), [unicode]) end),
    t(fun() -> re:compile(id("a"), [bogus]) end),
    t(fun() -> re:compile(id("a"), [{newline, bad}]) end),
    t(fun() -> re:compile(id(foo)) end),
    t(fun() -> re:compile(id("a"), id(notalist)) end),
    t(fun() -> {ok, P} = re:compile(id("(?<B>b)(?<A>a)")), re:inspect(P, namelist) end),
    t(fun() -> {ok, P} = re:compile(id("(b)")), re:inspect(P, namelist) end),
    t(fun() -> re:inspect(id(x), namelist) end),
    t(fun() -> {ok, P} = re:compile(id("a")), re:inspect(P, foo) end),
    t(fun() -> {ok, P} = re:compile(id("B"), [caseless]), re:run("abc", P) end),
    t(fun() -> {ok, P} = re:compile(id("b")), re:run("abc", P, [caseless]) end),
    t(fun() -> {ok, P} = re:compile(id("b")), re:run("abc", P, [{newline, lf}]) end),
    t(fun() -> {ok, P} = re:compile(id("b"), [anchored]), re:run("abc", P) end),
    t(fun() -> {ok, P} = re:compile(id("b"), [anchored]), re:run("abc", P, [{offset, 1}]) end),
    t(fun() -> {ok, P} = re:compile(id("^b$"), [multiline]), re:run("a\nb\nc", P) end),
    t(fun() -> {ok, P} = re:compile(id("x")), re:run("axbx", P, [global]) end),
    t(fun() -> {ok, P} = re:compile(id("é"), [unicode]), re:run("aé", P) end),
    ok.
