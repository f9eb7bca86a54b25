%% The external term format of bitstrings, as Erlang/OTP 25 writes it:
%% BINARY_EXT for binaries, BIT_BINARY_EXT (length, bits in the last byte,
%% the bytes, the unused bits zero) for the rest; binary_to_term reads both
%% back, binaries over 64 bytes among them, and refuses a bit count that
%% does not fit its length.
-module(ext_bitstrings).
-export([main/1, id/1]).

main(_) ->
    Terms = id([<<>>, <<"abc">>, <<5:3>>, <<1, 2, 3:4>>, <<0:1>>, <<"abc", 1:1>>, {<<7:3>>, [<<1:1>>]}]),
    lists:foreach(fun(T) ->
                          B = term_to_binary(T),
                          io:format("~w ~w~n", [B, binary_to_term(B) =:= T])
                  end, Terms),
    Long = copies("abcdefghij", 20),
    Large = binary_to_term(list_to_binary([131, 77, 0, 0, 0, 201, 6, Long, 255])),
    io:format("~w~n", [byte_size(term_to_binary(Large))]),
    io:format("~w~n", [take(10, binary_to_list(term_to_binary(Large)))]),
    io:format("~p~n", [Large]),
    io:format("~w~n", [binary_to_term(term_to_binary(Large)) =:= Large]),
    Masked = binary_to_term(<<131, 77, 0, 0, 0, 1, 4, 255>>),
    io:format("~w ~w~n", [Masked, term_to_binary(Masked)]),
    lists:foreach(fun(B) ->
                          io:format("~w~n", [try binary_to_term(B) catch C:R -> {C, R} end])
                  end,
                  id([<<131, 77, 0, 0, 0, 0, 0>>, <<131, 77, 0, 0, 0, 0, 8>>, <<131, 77, 0, 0, 0, 1, 0, 5>>,
                      <<131, 77, 0, 0, 0, 1, 9, 5>>, <<131, 77, 0, 0, 0, 2, 3, 5>>])).

take(0, _) -> [];
take(N, [X | Rest]) -> [X | take(N - 1, Rest)].

copies(_, 0) -> [];
copies(Chars, N) -> [Chars | copies(Chars, N - 1)].

id(X) -> X.
