-module(bif_unicode_conversions).
-export([main/1, id/1]).

id(X) -> X.

%% Binaries are shown as their bytes, so that the output does not depend
%% on how binaries print.
show(B) when is_binary(B) -> {bin, binary_to_list(B)};
show(L) when is_list(L) -> show_list(L);
show(T) when is_tuple(T) -> list_to_tuple(show_list(tuple_to_list(T)));
show(X) -> X.

show_list([]) -> [];
show_list([H | T]) -> [show(H) | show_list(T)];
show_list(T) -> {tail, show(T)}.

%% The result, or the class, the reason and the BIF's frame: its name,
%% arity and error_info.
t(Name, F) ->
    R = try F() of
            V -> {ok, show(V)}
        catch
            C:Reason:Stack ->
                {C, show(Reason), frame(Stack)}
        end,
    io:format("~s: ~w~n", [Name, R]).

frame([{M, F, A, Location} | _]) when is_list(A) ->
    {M, F, length(A), [I || {error_info, _} = I <- Location]};
frame([{M, F, A, _} | _]) ->
    {M, F, A}.

main(_) ->
    C = fun(D, E) -> unicode:characters_to_binary(D, E) end,
    L = fun(D, E) -> unicode:characters_to_list(D, E) end,
    t("mixed", fun() -> C(id([$a, 233, 8364, <<"xy">>, [[66]] | <<"z">>]), unicode) end),
    t("latin1", fun() -> C(id([$a, 233, <<233>>]), latin1) end),
    t("latin1 wide", fun() -> C(id([$a, 256, $b]), latin1) end),
    t("beyond", fun() -> C(id([$a, 16#110000, $b]), unicode) end),
    t("surrogate", fun() -> C(id([$a, 16#D800, $b]), unicode) end),
    t("nested", fun() -> C(id([$a, [$b, -1, $c], $d]), unicode) end),
    t("bad byte", fun() -> C(id([<<"ab", 255, "cd">>, $e]), unicode) end),
    t("incomplete", fun() -> C(id([<<"ab", 195>>]), unicode) end),
    t("continued", fun() -> C(id([<<"ab", 195>>, <<169>>]), unicode) end),
    t("not continued", fun() -> C(id([<<"ab", 195>>, $x]), unicode) end),
    t("incomplete binary", fun() -> C(id(<<"ab", 226, 130>>), utf8) end),
    t("atom", fun() -> C(id([a]), unicode) end),
    t("improper", fun() -> C(id([$a | b]), unicode) end),
    t("utf16", fun() -> C(id(<<0, 97, 0, 98>>), utf16) end),
    t("utf16 little", fun() -> C(id(<<97, 0, 98, 0>>), {utf16, little}) end),
    t("utf32", fun() -> C(id(<<0, 0, 0, 97>>), utf32) end),
    t("utf32 little", fun() -> C(id(<<97, 0, 0, 0>>), {utf32, little}) end),
    t("utf16 pair", fun() -> C(id(<<16#D8, 16#3D, 16#DE, 16#00>>), utf16) end),
    t("utf16 high", fun() -> C(id(<<16#D8, 16#3D>>), utf16) end),
    t("utf16 low", fun() -> C(id(<<16#DE, 16#00, 0, 97>>), utf16) end),
    t("utf16 odd", fun() -> C(id(<<0, 97, 0>>), utf16) end),
    t("utf32 beyond", fun() -> C(id(<<0, 17, 0, 0>>), utf32) end),
    t("utf32 short", fun() -> C(id(<<0, 0, 0>>), utf32) end),
    t("utf16 list", fun() -> C(id([$a, <<0, 98>>]), utf16) end),
    t("foo", fun() -> C(id(<<"abc">>), foo) end),
    t("overlong", fun() -> C(id(<<192, 128>>), utf8) end),
    t("encoded surrogate", fun() -> C(id(<<237, 160, 128>>), utf8) end),
    t("encoded beyond", fun() -> C(id(<<244, 144, 128, 128>>), utf8) end),
    t("utf16 big", fun() -> C(id(<<"a">>), {utf16, big}) end),
    t("deep bad byte", fun() -> C(id([[<<"a">>, [<<"b", 200>>]], $c]), unicode) end),
    t("deep latin1", fun() -> C(id([[$a, [300, 256]], $c]), latin1) end),
    t("tail bad byte", fun() -> C(id([1 | <<"a", 255>>]), unicode) end),
    t("empty", fun() -> C(id(<<>>), unicode) end),
    t("empty list", fun() -> C(id([]), utf32) end),
    t("cut", fun() -> C(id(<<225, 128>>), utf8) end),
    t("cut and more", fun() -> C(id(<<225, 128, 97>>), utf8) end),
    t("lead", fun() -> C(id(<<248>>), utf8) end),
    t("across three", fun() -> C(id([<<225>>, <<128>>, <<128>>]), utf8) end),
    t("float after", fun() -> C(id([<<"a">>, 1.0]), utf8) end),
    t("float after error", fun() -> C(id([<<"a", 255>>, 1.0]), utf8) end),
    t("atom after error", fun() -> C(id([300, a]), latin1) end),
    t("leftover then binary", fun() -> C(id([<<195>>, <<"x">>]), unicode) end),
    t("leftover then list", fun() -> C(id([<<195>>, [<<"x">>, 1]]), unicode) end),
    t("leftover then tail", fun() -> C(id([<<"a">>, <<225>> | <<128>>]), unicode) end),
    t("leftover then bad tail", fun() -> C(id([<<"a">>, <<225>> | <<"x">>]), unicode) end),
    t("leftover across empty", fun() -> C(id([<<225>>, [], <<128>>, 98]), unicode) end),
    t("utf16 across", fun() -> C(id([<<0, 97, 0>>, <<98>>]), utf16) end),
    t("utf16 list high", fun() -> C(id([$a, <<216, 61>>]), utf16) end),
    t("latin1 byte", fun() -> C(id([$a, <<255>>, $d]), latin1) end),
    t("latin1 tail", fun() -> C(id([$a, [256 | <<"x">>]]), latin1) end),
    t("three pieces", fun() -> C(id([<<"ab">>, [<<226>>, <<130>>], [<<172>>]]), unicode) end),
    t("list", fun() -> L(id([$a, <<195, 169, 226, 130, 172>>]), unicode) end),
    t("list latin1", fun() -> L(id(<<233, 97>>), latin1) end),
    t("list bad byte", fun() -> L(id([<<"ab", 255, "c">>]), unicode) end),
    t("list incomplete", fun() -> L(id(<<"ab", 226, 130>>), unicode) end),
    t("list beyond", fun() -> L(id([$a, 16#110000]), unicode) end),
    t("list utf16 odd", fun() -> L(id(<<0, 97, 0>>), utf16) end),
    t("list utf16", fun() -> L(id(<<0, 97>>), utf16) end),
    t("list atom", fun() -> L(id(a), unicode) end),
    t("list latin1 wide", fun() -> L(id([$a, 300]), latin1) end),
    t("list utf32 short", fun() -> L(id([$a, <<"b">>]), {utf32, big}) end),
    t("list leftover", fun() -> L(id([<<"ab", 195>>, $x]), unicode) end),
    t("list utf16 low", fun() -> L(id(<<0, 97, 222, 0>>), utf16) end),
    t("list utf16 little", fun() -> L(id(<<0, 97, 0>>), {utf16, little}) end),
    t("list utf32 surrogate", fun() -> L(id(<<0, 0, 216, 0>>), utf32) end),
    t("list code points", fun() -> L(id([$a, 300]), utf16) end),
    t("list negative", fun() -> L(id([$a, -1]), latin1) end),
    t("7bit", fun() -> unicode:bin_is_7bit(id(<<"abc">>)) end),
    t("7bit not", fun() -> unicode:bin_is_7bit(id(<<"ab", 200>>)) end),
    t("7bit atom", fun() -> unicode:bin_is_7bit(id(a)) end),
    ok.
