-module(match_utf).
-export([main/1, id/1]).

%% UTF-8, UTF-16 and UTF-32 segments, matched and skipped: every length
%% of UTF-8, surrogate pairs, both byte orders, unaligned positions, and
%% the sequences that fail: overlong forms, surrogates, values above
%% 16#10FFFF, bad continuation bytes and truncated sequences.

id(X) -> X.

main(_) ->
    io:format("~w~n", [utf8(id(<<"aé€"/utf8, 240, 159, 152, 128, 244, 143, 191, 191>>))]),
    io:format("~w~n", [[utf8(id(B)) || B <- [<<192, 128>>, <<193, 191>>, <<224, 128, 128>>, <<240, 128, 128, 128>>,
                                              <<237, 160, 128>>, <<237, 191, 191>>, <<244, 144, 128, 128>>,
                                              <<248, 136, 128, 128, 128>>, <<255>>, <<128>>, <<195>>, <<226, 130>>,
                                              <<195, 40>>, <<226, 40, 172>>, <<>>]]]),
    io:format("~w~n", [utf16(id(<<0, 97, 216, 61, 222, 0, 255, 253>>), big)]),
    io:format("~w~n", [utf16(id(<<97, 0, 61, 216, 0, 222, 253, 255>>), little)]),
    io:format("~w~n", [[utf16(id(B), big) || B <- [<<216, 0>>, <<220, 0, 0, 97>>, <<216, 0, 0, 97>>, <<216, 0, 216, 0>>, <<0>>]]]),
    io:format("~w~n", [utf32(id(<<0, 0, 0, 97, 0, 16, 255, 255, 0, 0, 216, 0, 0, 17, 0, 0, 255, 255, 255, 255>>), big)]),
    io:format("~w~n", [utf32(id(<<97, 0, 0, 0, 255, 255, 16, 0, 0, 216, 0, 0>>), little)]),
    %% unaligned
    <<_:3, A/utf8, B/utf16, C/utf32, _:5>> = id(<<24, 117, 36, 21, 128, 0, 62, 192, 0>>),
    io:format("~w~n", [[A, B, C]]),
    %% skipping
    io:format("~w~n", [skip(id(<<"é"/utf8, 216, 61, 222, 0, 0, 0, 0, 97, 1, 2>>))]),
    io:format("~w~n", [skip(id(<<"é"/utf8, 220, 0, 0, 0, 0, 97, 1, 2>>))]),
    io:format("~w~n", [skip(id(<<"é"/utf8, 0, 97, 0, 17, 0, 0, 1, 2>>))]),
    io:format("~w~n", [skip(id(<<237, 160, 128, 0, 97, 0, 0, 0, 97>>))]),
    io:format("~w~n", [skip_little(id(<<"€"/utf8, 61, 216, 0, 222, 97, 0, 0, 0, 9>>))]),
    ok.

utf8(<<C/utf8, Rest/binary>>) -> [C | utf8(Rest)];
utf8(<<>>) -> [];
utf8(Rest) -> {stop, binary_to_list(Rest)}.

utf16(<<C/utf16, Rest/binary>>, big) -> [C | utf16(Rest, big)];
utf16(<<C/utf16-little, Rest/binary>>, little) -> [C | utf16(Rest, little)];
utf16(<<>>, _) -> [];
utf16(Rest, _) -> {stop, binary_to_list(Rest)}.

utf32(<<C/utf32, Rest/binary>>, big) -> [C | utf32(Rest, big)];
utf32(<<C/utf32-little, Rest/binary>>, little) -> [C | utf32(Rest, little)];
utf32(<<>>, _) -> [];
utf32(Rest, _) -> {stop, binary_to_list(Rest)}.

skip(<<_/utf8, _/utf16, _/utf32, Rest/binary>>) -> binary_to_list(Rest);
skip(_) -> nomatch.

skip_little(<<_/utf8, _/utf16-little, _/utf32-little, Rest/binary>>) -> binary_to_list(Rest);
skip_little(_) -> nomatch.
