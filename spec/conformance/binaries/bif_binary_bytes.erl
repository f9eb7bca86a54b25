-module(bif_binary_bytes).
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
    t("copy/2", fun() -> binary:copy(id(<<"ab">>), 3) end),
    t("copy/2 zero", fun() -> binary:copy(id(<<"ab">>), 0) end),
    t("copy/1", fun() -> binary:copy(id(<<"ab">>)) end),
    t("copy/2 atom", fun() -> binary:copy(id(<<"ab">>), a) end),
    t("copy/2 negative", fun() -> binary:copy(id(<<"abc">>), -1) end),
    t("copy/2 long", fun() -> byte_size(binary:copy(id(<<"abc">>), 1000)) end),
    t("first", fun() -> binary:first(id(<<"ab">>)) end),
    t("first empty", fun() -> binary:first(id(<<>>)) end),
    t("last", fun() -> binary:last(id(<<"ab">>)) end),
    t("last empty", fun() -> binary:last(id(<<>>)) end),
    t("at", fun() -> binary:at(id(<<"ab">>), 1) end),
    t("at past", fun() -> binary:at(id(<<"ab">>), 2) end),
    t("at negative", fun() -> binary:at(id(<<"ab">>), -1) end),
    t("longest_common_prefix", fun() -> binary:longest_common_prefix(id([<<"abcd">>, <<"abx">>, <<"abc">>])) end),
    t("longest_common_prefix one", fun() -> binary:longest_common_prefix(id([<<"abcd">>])) end),
    t("longest_common_prefix []", fun() -> binary:longest_common_prefix(id([])) end),
    t("longest_common_prefix atom", fun() -> binary:longest_common_prefix(id([<<"a">>, b])) end),
    t("longest_common_suffix", fun() -> binary:longest_common_suffix(id([<<"abcd">>, <<"xcd">>, <<"d">>])) end),
    t("longest_common_suffix empty", fun() -> binary:longest_common_suffix(id([<<"abcd">>, <<>>])) end),
    ok.
