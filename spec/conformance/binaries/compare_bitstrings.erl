%% Bitstrings compare bit by bit, a prefix first, whatever their form:
%% literals, heap binaries and off-heap ones from binary_to_term are equal
%% when their bits are; bitstrings as map keys; erlang:phash2/1,2 and
%% erlang:phash/2 give OTP's values, trailing bits included.
-module(compare_bitstrings).
-export([main/1, id/1]).
-compile({nowarn_deprecated_function, [{erlang, phash, 2}]}).

main(_) ->
    Terms = id([<<1:1>>, <<1, 2>>, <<>>, <<1, 2, 2:3>>, <<128>>, <<0:1>>, <<1>>, <<1, 2:3>>, <<0:7>>]),
    io:format("~w~n", [sort(Terms)]),
    lists:foreach(fun(A) ->
                          io:format("~w~n", [[{A < B, A == B, A =:= B} || B <- Terms]])
                  end, Terms),
    Long = copies("0123456789", 10),
    OffHeap = binary_to_term(list_to_binary([131, 109, 0, 0, 0, 100, Long])),
    Literal = id(<<"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789">>),
    io:format("~w ~w ~w~n", [OffHeap == Literal, OffHeap =:= Literal, OffHeap < <<"1">>]),
    LongBits = binary_to_term(list_to_binary([131, 77, 0, 0, 0, 101, 1, Long, 128])),
    io:format("~w ~w ~w~n", [LongBits > Literal, LongBits == Literal, LongBits < <<"1">>]),
    FromExt = binary_to_term(<<131, 77, 0, 0, 0, 3, 4, 1, 2, 48>>),
    io:format("~w ~w~n", [FromExt =:= <<1, 2, 3:4>>, FromExt == <<1, 2, 3:5>>]),
    Map = id(#{<<5:3>> => three, <<1, 2, 3:4>> => twenty, <<"abc">> => abc, <<>> => empty}),
    io:format("~w~n", [Map]),
    io:format("~w ~w~n", [maps:get(FromExt, Map), maps:get(binary_to_term(<<131, 77, 0, 0, 0, 1, 3, 160>>), Map)]),
    Hashed = [<<>>, <<5:3>>, <<1, 2, 3:4>>, <<1:1>>, <<"abcdefghijklmn", 7:5>>, <<0:7>>, <<"abc">>,
              LongBits, OffHeap, {<<1:1>>, [<<2:2>>]}],
    lists:foreach(fun(T) ->
                          io:format("~w ~w ~w~n", [erlang:phash2(T), erlang:phash2(T, 1000), erlang:phash(T, 1 bsl 32)])
                  end, id(Hashed)).

sort([]) -> [];
sort([X | Rest]) -> insert(X, sort(Rest)).

insert(X, [Y | Rest]) when X > Y -> [Y | insert(X, Rest)];
insert(X, Sorted) -> [X | Sorted].

copies(_, 0) -> [];
copies(Chars, N) -> [Chars | copies(Chars, N - 1)].

id(X) -> X.
