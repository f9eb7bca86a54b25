-module(re_global_unicode).
-export([main/1, id/1]).

%% re:run/3 with global (empty matches, steps past them), and unicode
%% subjects and patterns: offsets in bytes, captures as code points.

id(X) -> X.

t(F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~w~n", [R]).

bl({match, L}) -> {match, [bl(X) || X <- L]};
bl(L) when is_list(L) -> [bl(X) || X <- L];
bl(B) when is_binary(B) -> binary_to_list(B);
bl(X) -> X.

main(_) ->
    t(fun() -> re:run(id("aaa"), "a*?", [global]) end),
    t(fun() -> re:run(id("aaa"), "", [global]) end),
    t(fun() -> re:run(id("abc"), "x*", [global]) end),
    t(fun() -> re:run(id("a1b22c333"), "\\d+", [global, {capture, all, list}]) end),
    t(fun() -> re:run(id("a1b22c333"), "\\D", [global, {capture, first, index}]) end),
    t(fun() -> re:run(id("(555) 123-4567"), "\\D", [global, {capture, none}]) end),
    t(fun() -> re:run(id("a,b,,c"), ",", [global]) end),
    t(fun() -> re:run(id("abcabc"), "(a)(b)?", [global, {capture, all_but_first, list}]) end),
    t(fun() -> re:run(id("abc"), "b", [global, {offset, 1}, anchored]) end),
    t(fun() -> re:run(id("xyz"), "q", [global]) end),
    t(fun() -> re:run(id("a\r\nb"), "", [global, {newline, crlf}]) end),
    t(fun() -> re:run(id("a\r\nb"), "", [global]) end),
    t(fun() -> re:run(id("é"), "\\w", []) end),
    t(fun() -> re:run(id(<<"é"/utf8>>), "\\w", [unicode]) end),
    t(fun() -> re:run(id(<<"é"/utf8>>), "\\w", [unicode, ucp]) end),
    t(fun() -> re:run(id(<<"xé"/utf8>>), ".$", [unicode]) end),
    t(fun() -> re:run(id(<<"xé"/utf8>>), ".$", []) end),
    t(fun() -> re:run(id([1000, $a]), "a", [unicode]) end),
    t(fun() -> re:run(id([1000, $a]), [1000], [unicode, {capture, all, list}]) end),
    t(fun() -> bl(re:run(id([1000, $a]), [1000], [unicode, {capture, all, binary}])) end),
    t(fun() -> re:run(id(<<"ÉÀ">>), <<"éà">>, [caseless]) end),
    t(fun() -> re:run(id(<<"ÉÀ"/utf8>>), <<"éà"/utf8>>, [caseless, unicode]) end),
    t(fun() -> re:run(id(<<"aéb"/utf8>>), "", [unicode, global]) end),
    t(fun() -> re:run(id(<<"日本語"/utf8>>), ".", [unicode, global, {capture, all, list}]) end),
    t(fun() -> re:run(id(<<"日本語"/utf8>>), "\\x{672c}", [unicode]) end),
    t(fun() -> re:run(id(<<"a日"/utf8>>), "\\p{Han}", [unicode]) end),
    t(fun() -> re:run(id(<<255>>), "a", [unicode]) end),
    t(fun() -> re:run(id([1000]), "a", []) end),
    t(fun() -> re:run(id(<<"aé"/utf8>>), "a", [unicode, {offset, 2}]) end),
    t(fun() -> [X || X <- lists:seq(0, 255), re:run([X], "\\s") =/= nomatch] end),
    t(fun() -> [X || X <- lists:seq(128, 255), re:run([X], "\\w") =/= nomatch] end),
    t(fun() -> [X || X <- lists:seq(128, 255), re:run([X], "[[:alpha:]]") =/= nomatch] end),
    ok.
