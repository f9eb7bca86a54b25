-module(bif_binary_lists).
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
    t("list_to_binary", fun() -> list_to_binary(id([1, [2, <<3, 4>>, [], [[5]]], <<>> | <<6>>])) end),
    t("list_to_binary binary", fun() -> list_to_binary(id(<<1>>)) end),
    t("list_to_binary improper", fun() -> list_to_binary(id([1 | 2])) end),
    t("list_to_binary 256", fun() -> list_to_binary(id([256])) end),
    t("list_to_binary -1", fun() -> list_to_binary(id([1, [-1]])) end),
    t("list_to_binary empty", fun() -> list_to_binary(id([[] | []])) end),
    t("list_to_binary atom", fun() -> list_to_binary(id([a])) end),
    t("iolist_to_binary binary", fun() -> iolist_to_binary(id(<<1, 2>>)) end),
    t("iolist_to_binary", fun() -> iolist_to_binary(id([<<1, 2>>, 3 | <<4>>])) end),
    t("iolist_to_binary atom", fun() -> iolist_to_binary(id(a)) end),
    t("iolist_to_binary long", fun() -> byte_size(iolist_to_binary(id([lists:seq(1, 100), <<"xyz">> | lists:duplicate(50, <<"ab">>)]))) end),
    t("iolist_size", fun() -> iolist_size(id([<<1, 2>>, 3, [4, 5] | <<4>>])) end),
    t("iolist_size binary", fun() -> iolist_size(id(<<1, 2, 3>>)) end),
    t("iolist_size atom", fun() -> iolist_size(id([a])) end),
    t("iolist_size integer", fun() -> iolist_size(id(7)) end),
    t("iolist_size tail", fun() -> iolist_size(id([1 | 2])) end),
    t("list_to_bitstring", fun() -> list_to_bitstring(id([1, [2, <<3, 4>>], <<>> | <<6>>])) end),
    t("list_to_bitstring binary", fun() -> list_to_bitstring(id(<<1>>)) end),
    t("list_to_bitstring atom", fun() -> list_to_bitstring(id([x])) end),
    t("binary_to_list", fun() -> binary_to_list(id(<<"abc">>)) end),
    t("binary_to_list atom", fun() -> binary_to_list(id(abc)) end),
    t("binary_to_list/3", fun() -> binary_to_list(id(<<"abcde">>), 2, 4) end),
    t("binary_to_list/3 backwards", fun() -> binary_to_list(id(<<"abcde">>), 3, 2) end),
    t("binary_to_list/3 zero", fun() -> binary_to_list(id(<<"abcde">>), 0, 2) end),
    t("binary_to_list/3 past", fun() -> binary_to_list(id(<<"abcde">>), 1, 6) end),
    t("binary_to_list/3 one", fun() -> binary_to_list(id(<<"abcde">>), 5, 5) end),
    t("binary_to_list part", fun() -> binary_to_list(binary:part(id(list_to_binary(lists:seq(1, 100))), 90, 10)) end),
    t("bitstring_to_list", fun() -> bitstring_to_list(id(<<"abc">>)) end),
    t("bitstring_to_list atom", fun() -> bitstring_to_list(id(x)) end),
    t("list_to_bin", fun() -> binary:list_to_bin(id([1, <<2>>, [3]])) end),
    t("list_to_bin atom", fun() -> binary:list_to_bin(id(a)) end),
    ok.
