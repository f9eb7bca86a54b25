%% The ETS benchmarks, the same program on girder and on erl.
%%
%% main([Name, Size]) runs one benchmark of Size operations and prints
%% "Name Microseconds Check": the time of the operations alone (the table
%% is made and, for reads, filled before the clock starts), and a figure
%% that proves the work was done. The operations are split between one
%% worker process per online scheduler, all on one public table, so the
%% same program measures one scheduler (`+S 1`, `--schedulers 1`) and two.
%%
%%   set_insert      inserts Size distinct keys into a set;
%%   set_lookup      looks up Size keys of a set of 100,000;
%%   set_counter     update_counter on 1,000 keys of a set, Size times;
%%   ordered_insert, ordered_lookup, ordered_counter
%%                   the same on an ordered_set;
%%   cache           a read-mostly cache with read_concurrency: of every
%%                   20 operations, 19 lookups of a set of 100,000 and
%%                   one insert replacing an entry.
-module(ets_bench).
-export([main/1]).

-define(FILLED, 100000).
-define(COUNTERS, 1000).

main([Name, SizeText]) ->
    Size = list_to_integer(SizeText),
    {Kind, Op} = parse(Name),
    Options = [Kind, public | case Op of cache -> [{read_concurrency, true}]; _ -> [{write_concurrency, true}] end],
    Table = ets:new(bench, Options),
    fill(Table, Op),
    Workers = erlang:system_info(schedulers_online),
    Self = self(),
    Start = erlang:monotonic_time(microsecond),
    [spawn_link(fun() -> Self ! {done, work(Table, Op, W, Workers, Size, 0)} end) || W <- lists:seq(0, Workers - 1)],
    Check = collect(Workers, 0),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("~s ~w ~w~n", [Name, Elapsed, Check + ets:info(Table, size)]).

parse("set_" ++ Op) -> {set, list_to_atom(Op)};
parse("ordered_" ++ Op) -> {ordered_set, list_to_atom(Op)};
parse("cache") -> {set, cache}.

fill(Table, Op) when Op =:= lookup; Op =:= cache ->
    ets:insert(Table, [{K, K * 2, <<"value">>} || K <- lists:seq(1, ?FILLED)]);
fill(Table, counter) ->
    ets:insert(Table, [{K, 0} || K <- lists:seq(1, ?COUNTERS)]);
fill(_, insert) ->
    ok.

%% Worker W of Workers does operations W, W + Workers, ... below Size.
work(_, _, I, _, Size, Acc) when I >= Size -> Acc;
work(Table, insert, I, Step, Size, Acc) ->
    true = ets:insert(Table, {I, I, <<"value">>}),
    work(Table, insert, I + Step, Step, Size, Acc + 1);
work(Table, lookup, I, Step, Size, Acc) ->
    [{_, V, _}] = ets:lookup(Table, I rem ?FILLED + 1),
    work(Table, lookup, I + Step, Step, Size, Acc + V);
work(Table, counter, I, Step, Size, Acc) ->
    N = ets:update_counter(Table, I rem ?COUNTERS + 1, 1),
    work(Table, counter, I + Step, Step, Size, Acc + N rem 2);
work(Table, cache, I, Step, Size, Acc) ->
    Key = I * 7919 rem ?FILLED + 1,
    case I rem 20 of
        0 ->
            true = ets:insert(Table, {Key, Key * 2, <<"fresh">>}),
            work(Table, cache, I + Step, Step, Size, Acc);
        _ ->
            [{_, V, _}] = ets:lookup(Table, Key),
            work(Table, cache, I + Step, Step, Size, Acc + V)
    end.

collect(0, Total) -> Total;
collect(N, Total) -> receive {done, Part} -> collect(N - 1, Total + Part) end.
