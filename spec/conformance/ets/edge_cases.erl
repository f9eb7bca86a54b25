%% ETS edge cases: an empty tuple among new/2's options is badarg; a
%% select_replace whose body changes the key of some objects replaces
%% none; two clauses binding 1 and 1.0 in an ordered_set find its object
%% once; a match specification may hold a list of 1,000 elements, and
%% nest deeply, without harm; ets:slot/2 and ets:next/2 keep working
%% while boxed keys come and go.
-module(edge_cases).
-export([main/1]).

main(_) ->
    io:format("new with {}: ~p~n", [catch_error(fun() -> ets:new(t, [{}]) end)]),
    S = ets:new(s, [set]),
    ets:insert(S, [{K, K} || K <- lists:seq(1, 10)]),
    Spec = [{{'$1', '$2'}, [{'>', '$2', 5}], [{{foo, '$2'}}]}, {{'$1', '$2'}, [], ['$_']}],
    io:format("replace changing keys: ~p~n", [catch_error(fun() -> ets:select_replace(S, Spec) end)]),
    io:format("table unchanged: ~p~n", [lists:sort(ets:tab2list(S)) =:= [{K, K} || K <- lists:seq(1, 10)]]),
    O = ets:new(o, [ordered_set]),
    ets:insert(O, {1, a}),
    io:format("1 and 1.0: ~p~n", [ets:select(O, [{{1, '$1'}, [], ['$1']}, {{1.0, '$1'}, [], ['$1']}])]),
    Long = lists:seq(1, 1000),
    [Result] = ets:select(O, [{'_', [], [{const, Long}]}]),
    [Built] = ets:select(O, [{'_', [], [Long]}]),
    io:format("long lists: ~p ~p~n", [length(Result), length(Built)]),
    [Matched] = ets:select(O, [{{'$1', '_'}, [], [[1, 2, 3 | '$1']]}]),
    io:format("improper: ~p~n", [Matched]),
    Deep = lists:foldl(fun(_, Acc) -> {{Acc}} end, '$1', lists:seq(1, 100)),
    [D] = ets:select(O, [{{'$1', '_'}, [], [Deep]}]),
    io:format("deep: ~p~n", [depth(D, 0)]),
    B = ets:new(b, [set, public, {write_concurrency, true}]),
    {Writer, Ref} = spawn_monitor(fun() -> churn(B, 0) end),
    Slots = [length(gather(B, 0, [])) || _ <- lists:seq(1, 20)],
    exit(Writer, kill),
    receive {'DOWN', Ref, process, Writer, killed} -> ok end,
    io:format("slots while churning: ~p~n", [lists:all(fun(N) -> N >= 0 end, Slots)]),
    ok.

churn(T, N) ->
    ets:insert(T, {{key, N rem 50}, <<N:64>>}),
    ets:delete(T, {key, (N + 25) rem 50}),
    churn(T, N + 1).

gather(T, I, Acc) ->
    case ets:slot(T, I) of
        '$end_of_table' -> Acc;
        Objects -> gather(T, I + 1, Objects ++ Acc)
    end.

depth({Inner}, N) -> depth(Inner, N + 1);
depth(_, N) -> N.

catch_error(F) ->
    try F() catch error:Reason -> {error, Reason} end.
