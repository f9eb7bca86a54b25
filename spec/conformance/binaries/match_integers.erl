-module(match_integers).
-export([main/1, id/1]).

%% Integer segments: sizes and units, signed and unsigned, the three
%% endiannesses, unaligned positions, sizes in registers, big integers,
%% and sizes that are not non-negative integers, which fail the match.

id(X) -> X.

main(_) ->
    B = id(<<200, 1, 2, 16#AB, 16#C5, 7, 8, 255, 128, 0>>),
    <<A:3, C:5/signed, D:16/little, E:12/little-signed, F:4, G:16/native, H:8/signed, I:16/signed-little, _/binary>> = B,
    io:format("~w~n", [[A, C, D, E, F, G, H, I]]),
    %% byte-aligned 8, 16 and 32 bits, unsigned and signed
    <<J:8, K:16, L:32, M:32/signed, N:32/little>> = id(<<1, 2, 3, 4, 5, 6, 7, 255, 255, 255, 254, 1, 0, 0, 128>>),
    io:format("~w~n", [[J, K, L, M, N]]),
    %% sizes from registers, with units
    io:format("~w~n", [sized(id(<<1, 2, 3, 4, 5, 6, 7, 8, 9>>), id(3))]),
    io:format("~w~n", [sized(id(<<1, 2, 3, 4>>), id(0))]),
    io:format("~w~n", [sized(id(<<1, 2, 3, 4>>), id(5))]),
    io:format("~w~n", [sized(id(<<1, 2, 3, 4>>), id(-1))]),
    io:format("~w~n", [sized(id(<<1, 2, 3, 4>>), id(foo))]),
    io:format("~w~n", [sized(id(<<1, 2, 3, 4>>), id(1 bsl 70))]),
    io:format("~w~n", [sized(id(<<1, 2, 3, 4>>), id(1 bsl 40))]),
    io:format("~w~n", [big_sized(id(<<1, 2, 3, 4>>), id(1 bsl 40))]),
    io:format("~w~n", [units(id(<<1, 2, 3, 4, 5, 6>>), id(2))]),
    %% big integers: big-endian, little-endian, signed, unaligned
    Big = id(list_to_binary([255 | lists:seq(1, 40)])),
    <<P:100, Q:60/signed, _/bits>> = Big,
    <<R:100/little, S:61/little-signed, _/bits>> = Big,
    <<_:3, T:128/signed, U:64, V:64/signed, _/bits>> = Big,
    io:format("~w~n", [[P, Q, R, S, T, U, V]]),
    <<W:64/signed, X:64, Y:60/signed, Z:59/signed, _:1>> = id(<<128, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255,
                                                         128, 0, 0, 0, 0, 0, 0, 15, 255, 255, 255, 255, 255, 255, 255>>),
    io:format("~w~n", [[W, X, Y, Z]]),
    %% too few bits left
    io:format("~w~n", [short(id(<<1, 2, 3>>))]),
    ok.

sized(Bin, Size) ->
    case Bin of
        <<X:Size/unit:8, Rest/binary>> -> {X, binary_to_list(Rest)};
        _ -> nomatch
    end.

big_sized(Bin, Size) ->
    case Bin of
        <<X:Size, _/bits>> -> X;
        _ -> nomatch
    end.

units(Bin, Size) ->
    case Bin of
        <<X:Size/little-unit:4, Y:Size/signed-unit:12, Rest/bits>> -> {X, Y, binary_to_list(Rest)};
        _ -> nomatch
    end.

short(<<X:32>>) -> {four, X};
short(<<X:24/little>>) -> {three, X};
short(_) -> none.
