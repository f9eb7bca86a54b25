-module(bif_term_to_binary_options).
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
    T = {a, [1, 2.5, "str", <<"bin">>], #{k => v}, -123456789012345678901234567890, 'héllo', {}},
    Big = lists:duplicate(100, T),
    t("compressed", fun() -> binary_to_term(term_to_binary(T, [compressed])) =:= T end),
    t("compressed 9", fun() -> binary_to_term(term_to_binary(T, [{compressed, 9}])) =:= T end),
    t("compressed 0", fun() -> binary_to_term(term_to_binary(Big, [{compressed, 0}])) =:= Big end),
    t("compressed shorter", fun() -> B = term_to_binary(Big, [compressed]), {byte_size(B) < byte_size(term_to_binary(Big)), binary_to_term(B) =:= Big} end),
    t("compressed tag", fun() -> binary:part(term_to_binary(Big, [compressed]), 0, 6) end),
    t("minor_version 2", fun() -> term_to_binary(id(hello), [{minor_version, 2}]) end),
    t("minor_version 1", fun() -> term_to_binary(id(hello), [{minor_version, 1}]) end),
    t("minor_version 3", fun() -> term_to_binary(id(hello), [{minor_version, 3}]) end),
    t("compressed 10", fun() -> term_to_binary(id(hello), [{compressed, 10}]) end),
    t("compressed small", fun() -> term_to_binary(id(hello), [compressed]) end),
    t("not a list", fun() -> term_to_binary(id(hello), x) end),
    t("deterministic", fun() -> term_to_binary(id(hello), [deterministic]) end),
    t("used", fun() -> binary_to_term(id(<<131, 100, 0, 5, 104, 101, 108, 108, 111, 1, 2, 3>>), [used]) end),
    t("used compressed", fun() -> B = term_to_binary(Big, [compressed]), binary_to_term(B, [used]) =:= {Big, byte_size(B)} end),
    t("used compressed trailing", fun() -> B = term_to_binary(Big, [compressed]), binary_to_term(iolist_to_binary([B, 7, 7]), [used]) =:= {Big, byte_size(B)} end),
    t("safe new", fun() -> binary_to_term(id(<<131, 100, 0, 3, 120, 121, 122>>), [safe]) end),
    t("safe", fun() -> binary_to_term(id(<<131, 100, 0, 5, 104, 101, 108, 108, 111>>), [safe]) end),
    t("safe deep", fun() -> binary_to_term(id(<<131, 104, 2, 97, 1, 100, 0, 4, 113, 113, 113, 113>>), [safe, used]) end),
    t("safe term", fun() -> binary_to_term(term_to_binary(T), [safe]) =:= T end),
    t("foo", fun() -> binary_to_term(id(<<131, 100, 0, 5, 104, 101, 108, 108, 111>>), [foo]) end),
    t("not a list", fun() -> binary_to_term(id(<<131, 100, 0, 5, 104, 101, 108, 108, 111>>), x) end),
    t("bad compressed", fun() -> binary_to_term(id(<<131, 80, 0, 0, 0, 9, 1, 2, 3>>), []) end),
    t("none", fun() -> binary_to_term(id(<<131, 100, 0, 5, 104, 101, 108, 108, 111>>), []) end),
    ok.
