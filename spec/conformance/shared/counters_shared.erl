-module(counters_shared).
-export([main/1, id/1]).

%% Counters and atomics shared by processes: eight processes add to the
%% same arrays, each through a reference it got in a message, and every
%% total is exact; compare_exchange loops lose no update; an array stays
%% alive while any process holds its reference, the creator's end included.

id(X) -> X.

adder(Parent, W, A, At, N) ->
    lists:foreach(fun(_) ->
                          counters:add(W, 1, 1),
                          counters:sub(W, 2, 3),
                          counters:add(A, 1, 2),
                          atomics:add(At, 1, 1),
                          cas_add(At, 2, 5)
                  end, lists:seq(1, N)),
    Parent ! {done, self()}.

cas_add(At, Ix, Incr) ->
    Old = atomics:get(At, Ix),
    case atomics:compare_exchange(At, Ix, Old, Old + Incr) of
        ok -> ok;
        _ -> cas_add(At, Ix, Incr)
    end.

main(_) ->
    W = counters:new(id(2), [write_concurrency]),
    A = counters:new(id(1), []),
    At = atomics:new(id(2), []),
    Parent = self(),
    Pids = [spawn(fun() -> receive {go, W1, A1, At1} -> adder(Parent, W1, A1, At1, 500) end end)
            || _ <- lists:seq(1, 8)],
    [P ! {go, W, A, At} || P <- Pids],
    [receive {done, P} -> ok end || P <- Pids],
    io:format("~p~n", [[counters:get(W, 1), counters:get(W, 2), counters:get(A, 1),
                        atomics:get(At, 1), atomics:get(At, 2)]]),
    %% A process makes an array, sends its reference and ends; the array lives on.
    {Maker, Monitor} = spawn_monitor(fun() ->
                                             C = counters:new(3, [write_concurrency]),
                                             counters:put(C, 3, 42),
                                             Parent ! {made, C}
                                     end),
    Made = receive {made, C} -> C end,
    receive {'DOWN', Monitor, process, Maker, Reason} -> io:format("maker ended: ~p~n", [Reason]) end,
    garbage(2000),
    counters:add(Made, 3, 1),
    io:format("~p~n", [counters:get(Made, 3)]),
    %% Many holders at once, dropping their references as they end.
    Holders = [spawn(fun() -> receive {hold, R} -> counters:add(R, 1, 1), Parent ! {held, self()} end end)
               || _ <- lists:seq(1, 50)],
    [H ! {hold, Made} || H <- Holders],
    [receive {held, H} -> ok end || H <- Holders],
    io:format("~p~n", [counters:get(Made, 1)]),
    ok.

garbage(0) -> ok;
garbage(N) ->
    _ = id(lists:seq(1, 10)),
    garbage(N - 1).
