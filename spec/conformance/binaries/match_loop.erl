-module(match_loop).
-export([main/1, id/1]).

%% Loops that match a large binary a segment at a time, the match
%% context carried from one call to the next: bytes, 16- and 32-bit
%% words, unaligned 3-bit fields, UTF-8 code points, and a loop that
%% stops partway and hands the rest on as a binary.

id(X) -> X.

main(_) ->
    Bytes = id(list_to_binary(lists:seq(0, 255))),
    Big = double(Bytes, 10),
    io:format("~w~n", [[byte_size(Big), sum(Big, 0), sum16(Big, 0), sum32(Big, 0), sum3(Big, 0)]]),
    Text = double(id(<<"aé€😀"/utf8>>), 12),
    io:format("~w~n", [[byte_size(Text), count_utf8(Text, 0)]]),
    {N, Rest} = until_zero(id(list_to_binary([lists:seq(1, 200), 0, 7, 8, 9])), 0),
    io:format("~w~n", [[N, binary_to_list(Rest)]]),
    ok.

double(Bin, 0) -> Bin;
double(Bin, N) -> double(list_to_binary([Bin, Bin]), N - 1).

sum(<<B, Rest/binary>>, Acc) -> sum(Rest, Acc + B);
sum(<<>>, Acc) -> Acc.

sum16(<<W:16, Rest/binary>>, Acc) -> sum16(Rest, Acc + W);
sum16(<<>>, Acc) -> Acc.

sum32(<<W:32/little, Rest/binary>>, Acc) -> sum32(Rest, (Acc + W) band 16#ffffffff);
sum32(<<>>, Acc) -> Acc.

sum3(<<F:3, Rest/bits>>, Acc) -> sum3(Rest, Acc + F);
sum3(<<_:1>>, Acc) -> Acc;
sum3(<<_:2>>, Acc) -> Acc;
sum3(<<>>, Acc) -> Acc.

count_utf8(<<_/utf8, Rest/binary>>, N) -> count_utf8(Rest, N + 1);
count_utf8(<<>>, N) -> N.

until_zero(<<0, Rest/binary>>, N) -> {N, Rest};
until_zero(<<_, Rest/binary>>, N) -> until_zero(Rest, N + 1).
