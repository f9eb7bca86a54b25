-module(match_patterns).
-export([main/1, id/1]).

%% match/2 and match_object/2 with patterns: '_' matches anything, '$N'
%% binds (each match gives its variables' values in the order of their
%% numbers, '$0' first; a variable twice must match equal terms), bound
%% parts match with =:= (so {1.0, ...} matches nothing keyed 1 even in an
%% ordered_set), nested tuples and list tails; a pattern no object can
%% match gives []. match/3 and match_object/3 give chunks of at most
%% Limit results and a continuation for match/1 and match_object/1, then
%% '$end_of_table' (at once when nothing matches); a limit of 0 or a
%% continuation that is not one is badarg. Results from a set or bag are
%% printed sorted; from an ordered_set in its order.

id(X) -> X.

t(What, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [What, R]).

%% Every chunk, checked to hold 1 to Limit results, concatenated.
chunks('$end_of_table', _Next, _Limit) -> [];
chunks({Results, Cont}, Next, Limit) when length(Results) >= 1, length(Results) =< Limit ->
    Results ++ chunks(ets:Next(Cont), Next, Limit).

main(_) ->
    O = ets:new(o, [ordered_set]),
    true = ets:insert(O, id([{1, a, x}, {2, b, x}, {3, a, y}, {4, {n, 1}, [1, 2]}, {5, c}, {6, b, b}])),
    t("{'$1', a, '_'}", fun() -> ets:match(O, id({'$1', a, '_'})) end),
    t("{'$1', '$2', x}", fun() -> ets:match(O, id({'$1', '$2', x})) end),
    t("{'$2', '$1', x}", fun() -> ets:match(O, id({'$2', '$1', x})) end),
    t("{'$3', '$1', '_'}", fun() -> ets:match(O, id({'$3', '$1', '_'})) end),
    t("{'$10', '$0', y}", fun() -> ets:match(O, id({'$10', '$0', y})) end),
    t("{'_', '$1', '$1'}", fun() -> ets:match(O, id({'_', '$1', '$1'})) end),
    t("{'$1', '_'}", fun() -> ets:match(O, id({'$1', '_'})) end),
    t("'_'", fun() -> ets:match(O, id('_')) end),
    t("'$1'", fun() -> ets:match(O, id('$1')) end),
    t("nested and list tail", fun() -> ets:match(O, id({'_', {n, '$1'}, ['$2' | '_']})) end),
    t("'$a' is an atom", fun() -> ets:match(O, id({'$1', '$a', '_'})) end),
    t("{1.0, '_', '_'}", fun() -> ets:match(O, id({1.0, '_', '_'})) end),
    t("{1, '_', '_'}", fun() -> ets:match(O, id({1, '_', '_'})) end),
    t("not a tuple", fun() -> ets:match(O, id("abc")) end),
    t("match_object {'_', a, '_'}", fun() -> ets:match_object(O, id({'_', a, '_'})) end),
    t("match_object {'$1', '_', '$1'}", fun() -> ets:match_object(O, id({'$1', '_', '$1'})) end),
    t("match_object {'_', '$1', '$1'}", fun() -> ets:match_object(O, id({'_', '$1', '$1'})) end),
    t("match_object {1.0, '_', '_'}", fun() -> ets:match_object(O, id({1.0, '_', '_'})) end),
    t("match_object '_'", fun() -> ets:match_object(O, id('_')) end),
    S = ets:new(s, [set]),
    true = ets:insert(S, id([{1, int}, {1.0, float}, {{p, 1}, a}, {{p, 2}, b}, {{q, 1}, a}])),
    t("set {{p, '$1'}, '$2'}", fun() -> lists:sort(ets:match(S, id({{p, '$1'}, '$2'}))) end),
    t("set {1, '$1'}", fun() -> ets:match(S, id({1, '$1'})) end),
    t("set {1.0, '$1'}", fun() -> ets:match(S, id({1.0, '$1'})) end),
    t("set match_object {'_', a}", fun() -> lists:sort(ets:match_object(S, id({'_', a}))) end),
    B = ets:new(b, [bag]),
    true = ets:insert(B, id([{k, 1}, {k, 2}, {j, 1}, {i, 3}])),
    t("bag {'$1', 1}", fun() -> lists:sort(ets:match(B, id({'$1', 1}))) end),
    t("bag {k, '$1'}", fun() -> lists:sort(ets:match(B, id({k, '$1'}))) end),
    t("bag match_object {'_', '_'}", fun() -> lists:sort(ets:match_object(B, id({'_', '_'}))) end),
    %% match/3, match_object/3 and their continuations.
    t("match/3 by 2", fun() -> chunks(ets:match(O, id({'$1', '_', '_'}), 2), match, 2) end),
    t("match/3 by 3", fun() -> chunks(ets:match(O, id({'$1', '_', '_'}), 3), match, 3) end),
    t("match/3 by 100", fun() -> chunks(ets:match(O, id({'$1', '_', '_'}), 100), match, 100) end),
    t("match_object/3 by 2", fun() -> chunks(ets:match_object(O, id({'_', b, '_'}), 2), match_object, 2) end),
    t("match/3 nothing", fun() -> ets:match(O, id({'$1', zzz, '_'}), 2) end),
    t("match_object/3 nothing", fun() -> ets:match_object(O, id({'_', zzz, '_'}), 2) end),
    Many = ets:new(many, [set]),
    true = ets:insert(Many, [{N, N rem 3} || N <- lists:seq(1, 100)]),
    t("set match/3 by 7", fun() -> lists:sort([N || [N] <- chunks(ets:match(Many, id({'$1', 0}), 7), match, 7)]) end),
    t("set match_object/3 by 10, count",
      fun() -> length(chunks(ets:match_object(Many, id({'_', 1}), 10), match_object, 10)) end),
    t("bag match_object/3 by 1", fun() -> lists:sort(chunks(ets:match_object(B, id({'_', '_'}), 1), match_object, 1)) end),
    t("match/3 limit 0", fun() -> ets:match(O, id({'$1', '_', '_'}), 0) end),
    t("match/1 not a continuation", fun() -> ets:match(id(x)) end),
    t("match_object/1 not a continuation", fun() -> ets:match_object(id({x, y})) end),
    t("match/1 '$end_of_table'", fun() -> ets:match(id('$end_of_table')) end),
    ok.
