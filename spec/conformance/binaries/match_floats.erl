-module(match_floats).
-export([main/1, id/1]).

%% Float segments of 64, 32 and 16 bits, big- and little-endian, at
%% unaligned positions; NaN and infinity patterns, other sizes and too
%% few bits fail the match.

id(X) -> X.

main(_) ->
    <<X:64/float, Y:32/float-little, Z:16/float, W:16/float-little>> =
        id(<<64, 9, 33, 251, 84, 68, 45, 24, 0, 0, 192, 63, 60, 0, 0, 192>>),
    io:format("~w~n", [[X, Y, Z, W]]),
    <<_:3, U:32/float, _:5>> = id(<<8, 0, 0, 0, 0>>),
    <<_:1, V:64/float-native, _:7>> = id(<<32, 4, 144, 253, 170, 34, 22, 140, 0>>),
    io:format("~w~n", [[U, V]]),
    %% half floats: smallest subnormal, largest, negative zero
    io:format("~w~n", [[half(<<0, 1>>), half(<<123, 255>>), half(<<128, 0>>), half(<<1, 0>>)]]),
    %% infinities and NaNs
    io:format("~w~n", [[float64(<<127, 240, 0, 0, 0, 0, 0, 0>>), float64(<<255, 240, 0, 0, 0, 0, 0, 0>>),
                        float64(<<127, 248, 0, 0, 0, 0, 0, 1>>), float64(<<63, 240, 0, 0, 0, 0, 0, 0>>)]]),
    io:format("~w~n", [[float32(<<127, 128, 0, 0>>), float32(<<255, 192, 0, 0>>), float32(<<0, 0, 0, 1>>)]]),
    io:format("~w~n", [[half(<<124, 0>>), half(<<254, 1>>)]]),
    %% sizes in registers: only 16, 32 and 64 bits are floats
    Bin = id(<<63, 240, 0, 0, 0, 0, 0, 0>>),
    io:format("~w~n", [[sized(Bin, S) || S <- [0, 8, 16, 24, 32, 48, 64, 65, -1, a]]]),
    io:format("~w~n", [[units(Bin, S) || S <- [1, 2, 4, 8]]]),
    ok.

half(B) -> case id(B) of <<F:16/float>> -> F; _ -> nomatch end.
float32(B) -> case id(B) of <<F:32/float>> -> F; _ -> nomatch end.
float64(B) -> case id(B) of <<F:64/float>> -> F; _ -> nomatch end.

sized(Bin, Size) ->
    case Bin of
        <<F:Size/float, _/bits>> -> F;
        _ -> nomatch
    end.

units(Bin, Size) ->
    case Bin of
        <<F:Size/float-unit:8, _/bits>> -> F;
        _ -> nomatch
    end.
