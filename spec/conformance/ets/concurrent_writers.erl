-module(concurrent_writers).
-export([main/1, id/1]).

%% A public table written by several processes at once: eight writers
%% insert 100 keys each (distinct across writers), and all 800 are there
%% with the right values; four processes each add 1 to one counter
%% 1,000 times with update_counter (and to a counter of their own), and
%% it ends at 4,000 with none lost; a bag and an ordered_set filled the
%% same way hold every object; insert_new of the same keys by four
%% racing processes succeeds exactly once per key. Only totals, counts
%% and sorted results are printed, never an order the scheduling decides.

id(X) -> X.

%% Runs F(I) in N processes at once, started together, and waits for
%% them all; gives the list of their results in the order of I.
par(N, F) ->
    Self = self(),
    Go = make_ref(),
    Pids = [spawn_link(fun() -> receive Go -> Self ! {self(), F(I)} end end) || I <- lists:seq(1, N)],
    [P ! Go || P <- Pids],
    [receive {P, R} -> R end || P <- Pids].

main(_) ->
    T = ets:new(tab, [public, {write_concurrency, true}]),
    par(8, fun(W) ->
                   [true = ets:insert(T, {{W, K}, W * 1000 + K}) || K <- lists:seq(1, 100)],
                   ok
           end),
    io:format("size: ~p~n", [ets:info(T, size)]),
    io:format("values right: ~p~n",
              [ets:select_count(T, [{{{'$1', '$2'}, '$3'}, [{'=:=', '$3', {'+', {'*', '$1', 1000}, '$2'}}], [true]}])]),
    io:format("per writer: ~w~n",
              [[ets:select_count(T, [{{{W, '_'}, '_'}, [], [true]}]) || W <- lists:seq(1, 8)]]),
    C = ets:new(counters, [public, set]),
    true = ets:insert(C, {total, 0}),
    Last = par(4, fun(W) ->
                          lists:foldl(fun(_, _) ->
                                              ets:update_counter(C, {own, W}, {2, 1}, {{own, W}, 0}),
                                              ets:update_counter(C, total, 1)
                                      end, 0, lists:seq(1, 1000))
                  end),
    io:format("total: ~p~n", [ets:lookup(C, total)]),
    io:format("own: ~p~n", [lists:sort(ets:match(C, {{own, '$1'}, '$2'}))]),
    io:format("one writer saw 4000: ~p, each saw at least 1000: ~p~n",
              [lists:member(4000, Last), lists:all(fun(V) -> V >= 1000 end, Last)]),
    B = ets:new(b, [public, bag, {write_concurrency, true}]),
    O = ets:new(o, [public, ordered_set, {write_concurrency, true}, {read_concurrency, true}]),
    par(4, fun(W) ->
                   [begin
                        true = ets:insert(B, {K rem 10, W, K}),
                        true = ets:insert(O, {{K, W}, K})
                    end || K <- lists:seq(1, 50)],
                   ok
           end),
    io:format("bag: ~p objects, key 3 has ~p~n", [ets:info(B, size), length(ets:lookup(B, 3))]),
    io:format("ordered_set: ~p objects, first ~p, last ~p~n",
              [ets:info(O, size), ets:first(O), ets:last(O)]),
    io:format("ordered_set in order: ~p~n",
              [[K || {K, _} <- ets:tab2list(O)] =:= [{K, W} || K <- lists:seq(1, 50), W <- lists:seq(1, 4)]]),
    N = ets:new(n, [public]),
    Won = par(4, fun(_) -> length([K || K <- lists:seq(1, 500), ets:insert_new(N, {K, x})]) end),
    io:format("insert_new: ~p keys, ~p won in all~n", [ets:info(N, size), lists:sum(Won)]),
    ok.
