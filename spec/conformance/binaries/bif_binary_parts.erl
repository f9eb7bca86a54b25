-module(bif_binary_parts).
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

%% Guards of byte_size/1 and bit_size/1.
size_class(B) when byte_size(B) > 3 -> long;
size_class(B) when bit_size(B) > 8 -> short;
size_class(_) -> tiny.

main(_) ->
    B = id(<<"abcdef">>),
    Long = id(list_to_binary(lists:seq(1, 200))),
    t("byte_size", fun() -> byte_size(B) end),
    t("bit_size", fun() -> bit_size(B) end),
    t("bit_size atom", fun() -> bit_size(id(a)) end),
    t("byte_size list", fun() -> byte_size(id([1])) end),
    t("guards", fun() -> [size_class(id(X)) || X <- [B, <<"ab">>, <<"a">>, <<>>]] end),
    t("guard fails", fun() -> size_class(id(a)) end),
    t("binary_part/3", fun() -> binary_part(B, 1, 3) end),
    t("binary_part/2 back", fun() -> binary_part(B, {4, -3}) end),
    t("binary_part end", fun() -> binary_part(B, 6, 0) end),
    t("binary_part past", fun() -> binary_part(B, 7, 0) end),
    t("binary_part before", fun() -> binary_part(B, -1, 1) end),
    t("binary_part back past", fun() -> binary_part(B, 0, -1) end),
    t("binary_part/2 long", fun() -> binary_part(B, {0, 7}) end),
    t("binary_part/2 bad", fun() -> binary_part(B, {a, 1}) end),
    t("binary_part float", fun() -> binary_part(B, 2.0, 1) end),
    t("binary_part long", fun() -> P = binary_part(Long, 100, 100), {byte_size(P), binary:first(P), binary:last(P)} end),
    t("split_binary", fun() -> split_binary(B, 2) end),
    t("split_binary 0", fun() -> split_binary(B, 0) end),
    t("split_binary all", fun() -> split_binary(B, 6) end),
    t("split_binary past", fun() -> split_binary(B, 7) end),
    t("split_binary negative", fun() -> split_binary(B, -1) end),
    t("split_binary atom", fun() -> split_binary(id(abc), 1) end),
    t("split_binary long", fun() -> {X, Y} = split_binary(Long, 150), {byte_size(X), byte_size(Y), binary:at(Y, 0)} end),
    t("part/3", fun() -> binary:part(B, 1, 2) end),
    t("part/2", fun() -> binary:part(B, {6, -2}) end),
    t("part/2 past", fun() -> binary:part(B, {6, 1}) end),
    t("part of part", fun() -> binary:part(binary:part(Long, 10, 100), 5, 3) end),
    t("referenced long", fun() -> binary:referenced_byte_size(binary:part(Long, 1, 100)) end),
    t("referenced short", fun() -> binary:referenced_byte_size(binary:part(Long, 1, 10)) end),
    t("referenced split", fun() -> {X, _} = split_binary(Long, 100), binary:referenced_byte_size(X) end),
    t("referenced copy", fun() -> binary:referenced_byte_size(binary:copy(binary:part(Long, 1, 100))) end),
    t("referenced whole", fun() -> binary:referenced_byte_size(B) end),
    t("referenced atom", fun() -> binary:referenced_byte_size(id(a)) end),
    ok.
