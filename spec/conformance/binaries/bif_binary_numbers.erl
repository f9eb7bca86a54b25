-module(bif_binary_numbers).
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
    t("integer_to_binary/2", fun() -> integer_to_binary(id(-255), 16) end),
    t("integer_to_binary base 37", fun() -> integer_to_binary(id(255), 37) end),
    t("integer_to_binary float", fun() -> integer_to_binary(id(1.0), 10) end),
    t("integer_to_binary big", fun() -> integer_to_binary(id(123456789012345678901234567890), 36) end),
    t("binary_to_integer", fun() -> binary_to_integer(id(<<"-123">>)) end),
    t("binary_to_integer/2", fun() -> binary_to_integer(id(<<"+7f">>), 16) end),
    t("binary_to_integer empty", fun() -> binary_to_integer(id(<<"">>)) end),
    t("binary_to_integer space", fun() -> binary_to_integer(id(<<" 1">>)) end),
    t("binary_to_integer list", fun() -> binary_to_integer(id("12")) end),
    t("binary_to_integer base 36", fun() -> binary_to_integer(id(<<"zz">>), 36) end),
    t("binary_to_integer big", fun() -> binary_to_integer(id(<<"123456789012345678901234567890">>)) end),
    t("binary_to_integer base 37", fun() -> binary_to_integer(id(<<"1">>), 37) end),
    t("binary_to_integer digit", fun() -> binary_to_integer(id(<<"12a">>)) end),
    t("float_to_binary", fun() -> float_to_binary(id(1.5)) end),
    t("float_to_binary integer", fun() -> float_to_binary(id(3)) end),
    t("binary_to_float", fun() -> binary_to_float(id(<<"1.5e3">>)) end),
    t("binary_to_float integer", fun() -> binary_to_float(id(<<"1">>)) end),
    t("binary_to_float negative", fun() -> binary_to_float(id(<<"-0.25">>)) end),
    t("binary_to_float atom", fun() -> binary_to_float(id(a)) end),
    t("decode_unsigned", fun() -> binary:decode_unsigned(id(<<1, 2>>)) end),
    t("decode_unsigned little", fun() -> binary:decode_unsigned(id(<<1, 2>>), little) end),
    t("decode_unsigned big", fun() -> binary:decode_unsigned(id(<<1, 2>>), big) end),
    t("decode_unsigned empty", fun() -> binary:decode_unsigned(id(<<>>)) end),
    t("decode_unsigned wide", fun() -> binary:decode_unsigned(id(<<1, 2, 3, 4, 5, 6, 7, 8, 9, 10>>)) end),
    t("decode_unsigned foo", fun() -> binary:decode_unsigned(id(<<1, 2>>), foo) end),
    t("encode_unsigned", fun() -> binary:encode_unsigned(id(258)) end),
    t("encode_unsigned little", fun() -> binary:encode_unsigned(id(258), little) end),
    t("encode_unsigned 0", fun() -> binary:encode_unsigned(id(0)) end),
    t("encode_unsigned -1", fun() -> binary:encode_unsigned(id(-1)) end),
    t("encode_unsigned big", fun() -> binary:encode_unsigned(id(1 bsl 70)) end),
    t("encode_unsigned big little", fun() -> binary:encode_unsigned(id(1 bsl 70), little) end),
    t("encode_unsigned float", fun() -> binary:encode_unsigned(id(1.0)) end),
    t("encode_unsigned foo", fun() -> binary:encode_unsigned(id(1), foo) end),
    ok.
