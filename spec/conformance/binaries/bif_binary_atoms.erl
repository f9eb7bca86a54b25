-module(bif_binary_atoms).
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
    t("atom_to_binary", fun() -> atom_to_binary(id('héllo')) end),
    t("atom_to_binary latin1", fun() -> atom_to_binary(id('héllo'), latin1) end),
    t("atom_to_binary utf8", fun() -> atom_to_binary(id('héllo'), utf8) end),
    t("atom_to_binary unicode", fun() -> atom_to_binary(id('h€llo'), unicode) end),
    t("atom_to_binary latin1 wide", fun() -> atom_to_binary(id('h€llo'), latin1) end),
    t("atom_to_binary foo", fun() -> atom_to_binary(id(abc), foo) end),
    t("atom_to_binary integer", fun() -> atom_to_binary(id(1), utf8) end),
    t("binary_to_atom latin1", fun() -> atom_to_list(binary_to_atom(id(<<104, 233>>), latin1)) end),
    t("binary_to_atom utf8 bad", fun() -> binary_to_atom(id(<<104, 233>>), utf8) end),
    t("binary_to_atom unicode", fun() -> atom_to_list(binary_to_atom(id(<<104, 195, 169>>), unicode)) end),
    t("binary_to_atom foo", fun() -> binary_to_atom(id(<<"x">>), foo) end),
    t("binary_to_atom list", fun() -> binary_to_atom(id("x"), utf8) end),
    t("binary_to_existing_atom", fun() -> binary_to_existing_atom(id(<<"ok">>)) end),
    t("binary_to_existing_atom new", fun() -> binary_to_existing_atom(id(<<"no_such_atom_xyzzy">>)) end),
    t("binary_to_existing_atom latin1", fun() -> binary_to_existing_atom(id(<<"ok">>), latin1) end),
    t("binary_to_existing_atom/2 new", fun() -> binary_to_existing_atom(id(<<"no_such_atom_xyzzy2">>), utf8) end),
    t("binary_to_existing_atom bad", fun() -> binary_to_existing_atom(id(<<255>>), utf8) end),
    t("binary_to_existing_atom foo", fun() -> binary_to_existing_atom(id(<<"ok">>), foo) end),
    ok.
