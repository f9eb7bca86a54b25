-module(bif_float_text).
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
    Cases = [
        {1.5, [{decimals, 2}, {scientific, 3}]}, {1.5, [{scientific, 3}, {decimals, 2}]}, {1.5, [compact]},
        {1.5, [{decimals, 4}, compact]}, {1.0, [{decimals, 0}, compact]}, {2.5, [{decimals, 0}]},
        {0.125, [{decimals, 2}]}, {1.0e20, [{decimals, 2}]}, {1.0e300, [{decimals, 1}]}, {-0.0, [{decimals, 2}]},
        {1.5, [{decimals, 253}]}, {1.5, [{decimals, 254}]}, {1.5, [{scientific, 249}]}, {1.5, [{scientific, 250}]},
        {123.456, [{scientific, 2}]}, {1.0e-10, [{scientific, 0}]},
        {0.1, [short]}, {1.0, [short]}, {1.0e20, [short]}, {1.0e15, [short]}, {123456.0, [short]},
        {1.0e16, [short]}, {9007199254740992.0, [short]}, {9007199254740991.0, [short]}, {1.0e-5, [short]},
        {0.0001, [short]}, {0.001, [short]}, {1.5e-7, [short]}, {-0.0, [short]}, {12345678.9, [short]},
        {100.0, [short]}, {1000.0, [short]}, {123400000.0, [short]}, {5.0e-324, [short]},
        {1.7976931348623157e308, [short]}, {0.0012, [short]}, {-1.5e300, [short]}, {-123.25, [short]},
        {1.5, [short, {decimals, 2}]}, {1.5, [{decimals, 2}, short]}, {1.5, [foo]}, {1.5, bar},
        {1.5, [{decimals, -1}]}, {1.0e22, [{decimals, 0}]}, {123.456, [{decimals, 10}, compact]},
        {1.0e15, [{decimals, 3}, compact]}, {0.1, [{decimals, 20}]}, {1.5, [compact, {scientific, 2}]},
        {1.005, [{decimals, 2}]}, {0.5, [{decimals, 0}]}, {-2.5, [{decimals, 0}]}, {2.675, [{decimals, 2}]},
        {1.0e16, [{decimals, 1}]}, {0.000001, [{decimals, 5}, compact]}, {1.23456789012345678, [{decimals, 16}]},
        {123.456, [{decimals, 17}]}, {1.0e200, [{decimals, 54}]}, {1.0e200, [{decimals, 55}]},
        {0.999, [{decimals, 2}]}, {9.9999, [{decimals, 3}, compact]}, {1, []}, {1.0, [short | x]},
        {1.0e22, [{decimals, 0}, compact]}, {-0.4, [{decimals, 0}]}, {0.5, [{decimals, 19}]},
        {1.0e-20, [{decimals, 19}, compact]}, {0.3, [{decimals, 18}]}, {10.0, [{decimals, 3}, compact]}
    ],
    [t(io_lib:format("~w", [O]), fun() -> float_to_binary(id(X), O) end) || {X, O} <- Cases],
    [t("list", fun() -> float_to_list(id(X), O) end) || {X, O} <- lists:sublist(Cases, 20)],
    ok.
