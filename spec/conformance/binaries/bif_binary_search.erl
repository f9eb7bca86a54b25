-module(bif_binary_search).
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
    B = id(<<"a,b,,c,">>),
    t("split", fun() -> binary:split(B, <<",">>) end),
    t("split global", fun() -> binary:split(B, <<",">>, [global]) end),
    t("split trim", fun() -> binary:split(B, <<",">>, [global, trim]) end),
    t("split trim_all", fun() -> binary:split(B, <<",">>, [global, trim_all]) end),
    t("split two", fun() -> binary:split(B, [<<",">>, <<",,">>], [global]) end),
    t("split scope", fun() -> binary:split(B, <<",">>, [{scope, {2, 3}}, global]) end),
    t("split scope back", fun() -> binary:split(B, <<",">>, [{scope, {5, -3}}, global]) end),
    t("split none", fun() -> binary:split(B, <<"x">>, [trim_all]) end),
    t("split empty trim_all", fun() -> binary:split(id(<<>>), <<"x">>, [trim_all]) end),
    t("split empty", fun() -> binary:split(id(<<>>), <<"x">>, []) end),
    t("split only", fun() -> binary:split(id(<<",,">>), <<",">>, [global, trim]) end),
    t("split []", fun() -> binary:split(B, [], []) end),
    t("split scope past", fun() -> binary:split(B, <<",">>, [{scope, {2, 30}}]) end),
    t("split foo", fun() -> binary:split(B, <<",">>, foo) end),
    t("split empty pattern", fun() -> binary:split(B, [<<",">>, <<>>], []) end),
    t("split compiled", fun() -> binary:split(B, binary:compile_pattern([<<",">>, <<"b">>]), [global]) end),
    t("split longest", fun() -> binary:split(id(<<"abcabc">>), [<<"bc">>, <<"abc">>, <<"ab">>], [global]) end),
    t("split scope whole", fun() -> binary:split(B, <<",">>, [trim, {scope, {0, 7}}, global]) end),
    t("split scope end", fun() -> binary:split(B, <<",">>, [{scope, {7, 0}}]) end),
    t("split scope beyond", fun() -> binary:split(B, <<",">>, [{scope, {8, 0}}]) end),
    t("split scope atom", fun() -> binary:split(B, <<",">>, [{scope, {a, 1}}]) end),
    t("split/2 empty", fun() -> binary:split(B, <<>>) end),
    t("match", fun() -> binary:match(B, <<",">>) end),
    t("match none", fun() -> binary:match(B, <<"x">>) end),
    t("match scope", fun() -> binary:match(B, [<<",">>, <<"b,">>], [{scope, {1, 3}}]) end),
    t("match scope back", fun() -> binary:match(B, <<",">>, [{scope, {3, -2}}]) end),
    t("match global", fun() -> binary:match(B, <<",">>, [global]) end),
    t("match empty", fun() -> binary:match(B, <<>>) end),
    t("match atom", fun() -> binary:match(a, <<"a">>) end),
    t("match scope beyond", fun() -> binary:match(id(<<"abc">>), <<"b">>, [{scope, {4, 0}}]) end),
    t("match scope end", fun() -> binary:match(id(<<"abc">>), <<"b">>, [{scope, {3, 0}}]) end),
    t("match options", fun() -> binary:match(id(<<"abc">>), <<"b">>, a) end),
    t("match tuple", fun() -> binary:match(B, {bm, a}) end),
    t("matches", fun() -> binary:matches(B, <<",">>) end),
    t("matches overlap", fun() -> binary:matches(id(<<"aaaa">>), <<"aa">>) end),
    t("matches longest", fun() -> binary:matches(id(<<"abcd">>), [<<"bc">>, <<"abc">>, <<"d">>]) end),
    t("matches scope", fun() -> binary:matches(B, <<",">>, [{scope, {3, 3}}]) end),
    t("matches trim", fun() -> binary:matches(id(<<"abc">>), <<"b">>, [trim]) end),
    t("matches compiled", fun() -> binary:matches(B, binary:compile_pattern(<<",">>)) end),
    t("compile empty", fun() -> binary:compile_pattern(id(<<>>)) end),
    t("compile []", fun() -> binary:compile_pattern(id([])) end),
    t("compile atom", fun() -> binary:compile_pattern(id(a)) end),
    Long = id(list_to_binary(lists:duplicate(5000, <<"abc,">>))),
    t("split long", fun() -> Parts = binary:split(Long, <<",">>, [global, trim]), {length(Parts), lists:usort(Parts)} end),
    t("matches long", fun() -> length(binary:matches(Long, [<<"c,a">>, <<"bc">>])) end),
    ok.
