-module(match_binaries).
-export([main/1, id/1]).

%% Binary and bitstring segments: sized, `all`, sizes in registers and
%% units; skipped bits; tests of the tail's size and unit; clauses that
%% restore the position; slices of slices at unaligned offsets, and the
%% tail of a match handed to the next function.

id(X) -> X.

main(_) ->
    Bin = id(list_to_binary(lists:seq(1, 100))),
    <<A:3/binary, B:2/binary-unit:16, _:10/binary, C/binary>> = Bin,
    io:format("~w~n", [[binary_to_list(A), binary_to_list(B), byte_size(C)]]),
    io:format("~w~n", [[sized(Bin, N) || N <- [0, 1, 5, 99, 100, 101, -1, x]]]),
    %% unaligned slices and their bits
    <<_:3, D:13/bits, E:2/binary, F/bits>> = id(<<255, 0, 170, 85, 15>>),
    io:format("~w~n", [[bits(D), binary_to_list(E), bits(F)]]),
    <<_:5, G:20/bits, _/bits>> = id(<<1, 2, 3, 4>>),
    <<_:1, H:2/binary, I/bits>> = G,
    io:format("~w~n", [[bits(G), bits(H), binary_to_list(H), bits(I)]]),
    %% skips, by constant and by register
    io:format("~w~n", [[skip(id(<<1, 2, 3, 4, 5>>), N) || N <- [0, 3, 8, 13, 40, 41, -2, y]]]),
    %% the unit of what is left
    io:format("~w~n", [[unit(X) || X <- [id(<<1, 2, 3, 4>>), id(<<1, 2, 3>>), id(<<1, 2>>), id(<<1>>), id(<<>>)]]]),
    <<_:4, Odd/bits>> = id(<<1, 2, 3>>),
    io:format("~w~n", [[unit(Odd), tail16(Odd), tail16(id(<<1, 2>>)), tail16(id(<<1, 2, 3>>))]]),
    %% clauses tried in turn from one position
    io:format("~w~n", [[clauses(id(X)) || X <- [<<1, 7>>, <<2, 0, 9, 5>>, <<2, 0, 9>>, <<3, 1, 2>>, <<9>>]]]),
    %% the rest handed on, as a binary
    io:format("~w~n", [words(id(<<"one two  three">>), [])]),
    io:format("~w~n", [tlv(id(<<1, 3, "abc", 2, 0, 3, 2, 16#ff, 16#fe>>))]),
    ok.

bits(<<B:1, Rest/bits>>) -> [B | bits(Rest)];
bits(<<>>) -> [].

sized(Bin, N) ->
    case Bin of
        <<X:N/binary, Rest/binary>> -> {byte_size(X), byte_size(Rest)};
        _ -> nomatch
    end.

skip(Bin, N) ->
    case Bin of
        <<_:N, Rest/bits>> -> bits(Rest);
        _ -> nomatch
    end.

unit(<<_/binary-unit:16>>) -> sixteen;
unit(<<_/binary>>) -> eight;
unit(<<_/bits>>) -> bits.

tail16(<<X:16/bits>>) -> bits(X);
tail16(<<_:8, X:12/bits>>) -> {twelve, bits(X)};
tail16(_) -> other.

clauses(<<1, X>>) -> {one, X};
clauses(<<2, 0, X, 5>>) -> {two, X};
clauses(<<2, X:16>>) -> {two16, X};
clauses(<<3, Rest/binary>>) -> {three, binary_to_list(Rest)};
clauses(_) -> none.

words(<<>>, Acc) -> lists:reverse(Acc);
words(<<" ", Rest/binary>>, Acc) -> words(Rest, Acc);
words(Bin, Acc) -> word(Bin, [], Acc).

word(<<C, Rest/binary>>, Word, Acc) when C =/= $\s -> word(Rest, [C | Word], Acc);
word(Rest, Word, Acc) -> words(Rest, [lists:reverse(Word) | Acc]).

tlv(<<Tag, Len, Value:Len/binary, Rest/binary>>) -> [{Tag, binary_to_list(Value)} | tlv(Rest)];
tlv(<<>>) -> [];
tlv(Other) -> [{bad, binary_to_list(Other)}].
