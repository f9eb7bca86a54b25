-module(select_chunks).
-export([main/1, id/1]).

%% select/3 and select/1: chunks of 1 to Limit results, each with a
%% continuation, then '$end_of_table' (at once when nothing matches);
%% all the chunks together are what select/2 gives (in order for an
%% ordered_set, sorted here for a set and a bag). select_reverse/2,3 and
%% select_reverse/1 walk an ordered_set from its last key down, and any
%% other table as select does. A limit not a positive integer and a
%% continuation that is not one are badarg.

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
    true = ets:insert(O, [{N, N rem 3} || N <- lists:seq(1, 20)]),
    Ms = id([{{'$1', '$2'}, [{'=/=', '$2', 0}], ['$1']}]),
    t("select/2", fun() -> ets:select(O, Ms) end),
    lists:foreach(
      fun(Limit) ->
              t("select/3 by " ++ integer_to_list(Limit),
                fun() -> chunks(ets:select(O, Ms, Limit), select, Limit) end)
      end, id([1, 4, 13, 14, 100])),
    t("select/3 nothing", fun() -> ets:select(O, id([{{'$1', 7}, [], ['$1']}]), 5) end),
    t("select_reverse/2", fun() -> ets:select_reverse(O, Ms) end),
    lists:foreach(
      fun(Limit) ->
              t("select_reverse/3 by " ++ integer_to_list(Limit),
                fun() -> chunks(ets:select_reverse(O, Ms, Limit), select_reverse, Limit) end)
      end, id([1, 5, 100])),
    t("select_reverse/3 nothing", fun() -> ets:select_reverse(O, id([{{'$1', 7}, [], ['$1']}]), 5) end),
    S = ets:new(s, [set]),
    true = ets:insert(S, [{N, N rem 3} || N <- lists:seq(1, 200)]),
    All = lists:sort(ets:select(S, Ms)),
    t("set select/2 count", fun() -> length(All) end),
    lists:foreach(
      fun(Limit) ->
              t("set select/3 by " ++ integer_to_list(Limit) ++ " is select/2",
                fun() -> lists:sort(chunks(ets:select(S, Ms, Limit), select, Limit)) =:= All end)
      end, id([1, 7, 50, 133, 134, 1000])),
    t("set select_reverse/2 is select/2", fun() -> lists:sort(ets:select_reverse(S, Ms)) =:= All end),
    t("set select_reverse/3 by 9 is select/2",
      fun() -> lists:sort(chunks(ets:select_reverse(S, Ms, 9), select_reverse, 9)) =:= All end),
    t("set select/3 by 3, a few",
      fun() -> lists:sort(chunks(ets:select(S, id([{{'$1', '_'}, [{'<', '$1', 8}], [{{'$1'}}]}]), 3), select, 3)) end),
    B = ets:new(b, [duplicate_bag]),
    true = ets:insert(B, [{N rem 5, N} || N <- lists:seq(1, 30)]),
    t("duplicate_bag select/3 by 4",
      fun() -> lists:sort(chunks(ets:select(B, id([{{0, '$1'}, [], ['$1']}]), 4), select, 4)) end),
    t("select/3 limit 0", fun() -> ets:select(O, Ms, id(0)) end),
    t("select/3 limit -1", fun() -> ets:select(O, Ms, id(-1)) end),
    t("select/3 limit an atom", fun() -> ets:select(O, Ms, id(all)) end),
    t("select/1 not a continuation", fun() -> ets:select(id(x)) end),
    t("select/1 '$end_of_table'", fun() -> ets:select(id('$end_of_table')) end),
    t("select_reverse/1 not a continuation", fun() -> ets:select_reverse(id({x, y})) end),
    ok.
