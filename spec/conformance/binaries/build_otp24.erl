-module(build_otp24).
-export([main/1, id/1]).

id(X) -> X.

concat(X, Y) -> <<X:8, Y/binary>>.

mixed(F, C) -> <<F:32/float-little, C/utf8, C/utf16, C/utf32-little, "end", F:16/float, 5:3, F:64/float, 0:5>>.

loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, <<Acc/binary, N:8>>).

private(0, Acc) -> Acc;
private(N, Acc) -> private(N - 1, <<Acc/binary, N:16/big>>).

t(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R -> {C, R}
    end.

checked(X) when is_integer(X) -> <<X:8>>;
checked(_) -> none.

main(_) ->
    io:format("~w~n", [binary_to_list(concat(id(7), id(<<"abc">>)))]),
    io:format("~w~n", [binary_to_list(mixed(id(1.5), id(16#20AC)))]),
    io:format("~w~n", [binary_to_list(mixed(id(-2.0), id($z)))]),
    Large = loop(id(100000), id(<<>>)),
    io:format("~w~n", [byte_size(Large)]),
    io:format("~w~n", [binary_to_list(loop(id(10), id(<<"ab">>)))]),
    io:format("~w~n", [binary_to_list(private(id(40), <<>>))]),
    io:format("~w~n", [t(fun() -> concat(id(a), id(<<>>)) end)]),
    io:format("~w~n", [t(fun() -> concat(id(1), id(b)) end)]),
    io:format("~w~n", [t(fun() -> mixed(id(x), id(1)) end)]),
    io:format("~w~n", [t(fun() -> mixed(id(1.0), id(-1)) end)]),
    io:format("~w ~w~n", [checked(id(3)), checked(id(c))]),
    ok.
