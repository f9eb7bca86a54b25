-module(bif_unicode_wide).
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
        {[$a, 1114112, <<0, 98>>], utf16}, {[$a, [1114112, $c], <<0, 98>>], utf16}, {[$a, [$b, [-1]]], utf32},
        {[<<0, 97, 0>>, $x], utf16}, {[<<0, 97, 216>>, $x], utf16}, {[<<0, 97, 216, 0>>, <<0, 98>>], utf16},
        {[<<0, 97, 216, 0>>, <<220, 0, 0, 98>>], utf16}, {[<<0, 97, 216>>, <<0, 220, 0>>], utf16},
        {[<<0, 97, 220>>], utf16}, {[<<0, 0>>, <<0, 97>>], utf32}, {[<<0, 0>>, <<1, 97>>], utf32},
        {[<<0, 17>>], utf32}, {[<<0, 0, 216>>], utf32}, {[<<0, 0, 216>>, <<0>>], utf32}, {<<0, 0, 216>>, utf32},
        {[<<97, 0, 0>>], {utf32, little}}, {[<<97, 0, 0>>, $b], {utf32, little}}, {[<<97, 0, 17>>], {utf32, little}},
        {<<97>>, {utf16, little}}, {<<97, 216>>, {utf16, little}}, {<<97, 216, 0>>, {utf16, little}},
        {[<<97, 216>>, <<0, 220>>], {utf16, little}}, {[<<97, 216>>, <<0, 0>>], {utf16, little}},
        {[<<0, 97>> | <<0>>], utf16}, {[<<0>> | <<97, 216>>], utf16}, {<<220>>, utf16},
        {[[<<0, 97, 0>>], $x], utf16}, {[[<<0, 97, 0>>], <<98>>], utf16},
        {[<<0, 97>>, [<<216, 61>>], [<<222>>, <<0>>]], utf16}, {[$a | <<0, 0, 0>>], utf32},
        {[<<0, 0, 0, 97, 0, 0>>, <<0, 98, 0>>, <<0, 0, 99>>], utf32}
    ],
    Numbered = lists:zip(lists:seq(1, length(Cases)), Cases),
    [t(io_lib:format("binary ~w", [N]), fun() -> unicode:characters_to_binary(D, E) end) || {N, {D, E}} <- Numbered],
    [t(io_lib:format("list ~w", [N]), fun() -> unicode:characters_to_list(D, E) end) || {N, {D, E}} <- Numbered],
    ok.
