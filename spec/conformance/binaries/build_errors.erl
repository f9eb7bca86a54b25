-module(build_errors).
-export([main/1, id/1]).

id(X) -> X.

%% The class, the reason and the cause OTP 25 puts in the error_info of
%% the failing function's frame.
t(F) ->
    try F() of
        V -> {ok, binary_to_list(V)}
    catch
        C:R:S ->
            [{_, _, _, Location} | _] = S,
            {error_info, Info} = lists:keyfind(error_info, 1, Location),
            {Segment, Type, What, Value} = maps:get(cause, Info),
            {C, R, {Segment, Type, What, printable(Value)}, maps:get(function, Info), maps:get(module, Info)}
    end.

%% Bitstrings that are not binaries print as a mark, so that the case does
%% not depend on how they print.
printable(V) when is_binary(V) -> V;
printable(V) when is_bitstring(V) -> bitstring;
printable(V) -> V.

main(_) ->
    io:format("~w~n", [t(fun() -> <<(id(a)):8>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(1)):(id(-1))>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(1)):(id(a))>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(1)):(id(1.0))>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(1)):(id(1 bsl 70))>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(1)):(id(-(1 bsl 70)))>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(a)):8, (id(1)):(id(-1))>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(1.0)):(id(8))/float>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(a)):(id(32))/float>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(1.0)):(id(a))/float>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(1 bsl 1100)):64/float>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(a))/binary>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(<<1,2>>)):(id(3))/binary>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(<<1,2>>)):(id(-3))/binary>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(<<(id(1)):12>>))/binary>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(a)):8, (id(<<1>>)):(id(2))/binary>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(16#110000))/utf8>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(16#D800))/utf16>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(-1))/utf32>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(a))/utf8>> end)]),
    io:format("~w~n", [t(fun() -> <<(id(a))/binary, 1>> end)]),
    io:format("~w~n", [t(fun() -> X = id(<<(id(1)):3>>), <<X/binary, 1>> end)]),
    io:format("~w~n", [t(fun() -> X = id(<<1>>), <<X/binary, (id(a))>> end)]),
    io:format("~w~n", [t(fun() -> X = id(<<1>>), <<X/binary, (id(1)):(id(-8))>> end)]),
    %% A bad segment in a guard fails the guard.
    io:format("~w ~w~n", [guarded(id(a)), guarded(id(7))]),
    ok.

guarded(X) when byte_size(<<X:8>>) =:= 1 -> yes;
guarded(_) -> no.
