-module(build_append).
-export([main/1, id/1]).

id(X) -> X.

bytes(0, Acc) -> Acc;
bytes(N, Acc) -> bytes(N - 1, <<Acc/binary, (N rem 256):8>>).

bits(0, Acc) -> Acc;
bits(N, Acc) -> bits(N - 1, <<Acc/bits, N:3>>).

words(0, Acc) -> Acc;
words(N, Acc) -> words(N - 1, <<Acc/binary, N:16/little, "-">>).

main(_) ->
    %% A large binary, a byte at a time.
    Large = bytes(id(200000), id(<<>>)),
    io:format("~w~n", [byte_size(Large)]),
    io:format("~w~n", [binary_to_list(bytes(id(300), id(<<"start">>)))]),
    %% Two appends to one binary: each keeps its own last byte.
    Shared = bytes(id(100), id(<<>>)),
    One = <<Shared/binary, 1>>,
    Two = <<Shared/binary, 2>>,
    Three = <<One/binary, 3>>,
    io:format("~w ~w ~w~n", [byte_size(Shared), byte_size(One), byte_size(Two)]),
    io:format("~w~n~w~n~w~n", [binary_to_list(One), binary_to_list(Two), binary_to_list(Three)]),
    io:format("~w~n", [binary_to_list(Shared)]),
    %% Unaligned: three bits at a time, then whole again.
    Bits = bits(id(20), id(<<>>)),
    io:format("~w~n", [binary_to_list(<<Bits/bits, 0:4>>)]),
    io:format("~w~n", [binary_to_list(<<(bits(id(16), <<(id(5)):8>>))/bits>>)]),
    io:format("~w~n", [binary_to_list(words(id(40), id(<<"w">>)))]),
    %% Appending to a heap binary, to a literal, to a slice of a large one.
    io:format("~w~n", [binary_to_list(<<(id(<<"abc">>))/binary, "def">>)]),
    io:format("~w~n", [binary_to_list(<<(id(<<>>))/binary, (id(255)):8>>)]),
    ok.
