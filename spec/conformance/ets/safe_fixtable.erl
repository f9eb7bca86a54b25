-module(safe_fixtable).
-export([main/1, id/1]).

%% safe_fixtable/2 during a traversal that deletes each key it visits
%% (next/2 of the key just deleted goes on) and inserts a new key for
%% it: in a set, a bag and a duplicate_bag, every original key is
%% visited exactly once (new keys may or may not be; they are passed
%% over), and the table ends with only the new keys. info(T, fixed)
%% and info(T, safe_fixed) (the fixing process and its count; the time
%% is not printed) follow nested fixes and unfixes; a fix is released
%% when the process that made it ends; fixing a table one cannot read is
%% badarg.

id(X) -> X.

walk(_T, '$end_of_table', Acc) -> Acc;
walk(T, K, Acc) when is_integer(K) ->
    true = ets:delete(T, K),
    true = ets:insert(T, {{new, K}, K}),
    walk(T, ets:next(T, K), [K | Acc]);
walk(T, K, Acc) ->
    walk(T, ets:next(T, K), Acc).

fixers(T) ->
    case ets:info(T, safe_fixed) of
        false -> false;
        {_Time, Fixers} -> [{P =:= self(), N} || {P, N} <- Fixers]
    end.

main(_) ->
    lists:foreach(
      fun(Type) ->
              T = ets:new(t, [Type]),
              true = ets:insert(T, [{K, K} || K <- lists:seq(1, 60)]),
              case Type of
                  set -> ok;
                  _ -> true = ets:insert(T, [{K, again} || K <- lists:seq(1, 60, 7)])
              end,
              Size = ets:info(T, size),
              io:format("~p: size ~p, fixed ~p ~p~n", [Type, Size, ets:info(T, fixed), fixers(T)]),
              true = ets:safe_fixtable(T, true),
              io:format("  fixed ~p ~p~n", [ets:info(T, fixed), fixers(T)]),
              Originals = walk(T, ets:first(T), []),
              io:format("  originals visited: ~p, once each: ~p, all: ~p~n",
                        [length(Originals), length(Originals) =:= length(lists:usort(Originals)),
                         lists:sort(Originals) =:= lists:seq(1, 60)]),
              true = ets:safe_fixtable(T, false),
              io:format("  unfixed ~p ~p~n", [ets:info(T, fixed), fixers(T)]),
              io:format("  after: size ~p, new keys only ~p~n",
                        [ets:info(T, size),
                         lists:sort([K || {{new, K}, _} <- ets:tab2list(T)]) =:= lists:seq(1, 60)])
      end, id([set, bag, duplicate_bag])),
    T = ets:new(nested, [public]),
    true = ets:safe_fixtable(T, true),
    true = ets:safe_fixtable(T, true),
    io:format("twice: ~p~n", [fixers(T)]),
    true = ets:safe_fixtable(T, false),
    io:format("once undone: ~p~n", [fixers(T)]),
    true = ets:safe_fixtable(T, false),
    io:format("both undone: ~p ~p~n", [fixers(T), ets:info(T, fixed)]),
    io:format("unfix again: ~p ~p~n", [ets:safe_fixtable(T, false), fixers(T)]),
    Self = self(),
    {P, M} = spawn_monitor(fun() ->
                                   true = ets:safe_fixtable(T, true),
                                   Self ! {fixed, self()},
                                   receive stop -> ok end
                           end),
    receive {fixed, P} -> ok end,
    io:format("fixed by another: ~p~n", [ets:info(T, fixed)]),
    P ! stop,
    receive {'DOWN', M, process, P, _} -> ok end,
    io:format("after it ended: ~p ~p~n", [ets:info(T, fixed), fixers(T)]),
    Private = ets:new(private, [private]),
    {P2, M2} = spawn_monitor(fun() ->
                                     Self ! {result, self(), try ets:safe_fixtable(Private, true)
                                                             catch error:R -> R end}
                             end),
    receive {result, P2, R} -> io:format("private by another: ~p~n", [R]) end,
    receive {'DOWN', M2, process, P2, _} -> ok end,
    io:format("bad flag: ~p~n", [try ets:safe_fixtable(T, id(maybe)) catch error:R2 -> R2 end]),
    ok.
