-module(match_spec_tools).
-export([main/1, id/1]).

-include_lib("stdlib/include/ms_transform.hrl").

%% ets:fun2ms/1 (the parse transform turns a literal fun into a match
%% specification at compile time: heads, guards with orelse, '$_' for a
%% matched whole object, tuples and maps in the body), the specifications
%% it makes used by select/2; match_spec_compile/1 (badarg for a bad
%% specification), is_compiled_ms/1, match_spec_run/2 over a list of
%% terms (terms that match no clause are left out, in order otherwise);
%% test_ms/2 gives {ok, Result} with false when nothing matches, 'EXIT'
%% when the body raises, and {error, _} for a bad specification (only
%% the tag is printed: the messages are OTP's own).

id(X) -> X.

t(What, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [What, R]).

main(_) ->
    M1 = ets:fun2ms(fun({K, V}) when is_integer(V), V > 10 -> {V, K} end),
    M2 = ets:fun2ms(fun({K, _} = Obj) when K =:= a orelse K =:= b -> Obj end),
    M3 = ets:fun2ms(fun({K, V}) -> #{k => K, v => [V, V]} end),
    M4 = ets:fun2ms(fun({K, V}) when V < 0 -> {negative, K}; ({K, _}) -> K end),
    t("fun2ms 1", fun() -> M1 end),
    t("fun2ms 2", fun() -> M2 end),
    t("fun2ms 3", fun() -> M3 end),
    t("fun2ms 4", fun() -> M4 end),
    T = ets:new(t, [set]),
    true = ets:insert(T, id([{a, 5}, {b, 15}, {c, 25}, {d, -1}, {e, x}])),
    t("select 1", fun() -> lists:sort(ets:select(T, M1)) end),
    t("select 2", fun() -> lists:sort(ets:select(T, M2)) end),
    t("select 3", fun() -> lists:sort(ets:select(T, M3)) end),
    t("select 4", fun() -> lists:sort(ets:select(T, M4)) end),
    C1 = ets:match_spec_compile(M1),
    C4 = ets:match_spec_compile(M4),
    t("is_compiled_ms", fun() -> [ets:is_compiled_ms(X) || X <- [C1, C4, M1, id(x), id(make_ref())]] end),
    t("run 1", fun() -> ets:match_spec_run(id([{a, 1}, {b, 20}, {c, x}, {d, 30}, not_a_tuple, {e, 1, 1}]), C1) end),
    t("run 4", fun() -> ets:match_spec_run(id([{a, 1}, {b, -20}, {c, x}, {d, 30}]), C4) end),
    t("run on []", fun() -> ets:match_spec_run(id([]), C1) end),
    t("compile not a list", fun() -> ets:match_spec_compile(id(x)) end),
    t("compile unknown guard", fun() -> ets:match_spec_compile(id([{'_', [{foo}], ['$_']}])) end),
    t("compile unbound variable", fun() -> ets:match_spec_compile(id([{'_', [], ['$1']}])) end),
    t("run with no compiled spec", fun() -> ets:match_spec_run(id([{a, 1}]), id(M1)) end),
    t("test_ms match", fun() -> ets:test_ms(id({b, 20}), M1) end),
    t("test_ms guard false", fun() -> ets:test_ms(id({b, 2}), M1) end),
    t("test_ms head no match", fun() -> ets:test_ms(id({b, 2, 3}), M1) end),
    t("test_ms not a tuple", fun() -> ets:test_ms(id(x), M1) end),
    t("test_ms '$$'", fun() -> ets:test_ms(id({a, 1}), id([{{'$1', '$2'}, [], ['$$']}])) end),
    t("test_ms body raises", fun() -> ets:test_ms(id({a, 1}), id([{'$1', [], [{'*', '$1', 2}]}])) end),
    t("test_ms unbound variable", fun() -> element(1, ets:test_ms(id({a, 1}), id([{'_', [], ['$1']}]))) end),
    t("test_ms not a list", fun() -> element(1, ets:test_ms(id({a, 1}), id(x))) end),
    ok.
