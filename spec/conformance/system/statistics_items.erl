%% erlang:statistics/1 in OTP's forms: runtime and wall_clock as {Total,
%% SinceLast} in milliseconds, growing; reductions growing with work;
%% run_queue and total_run_queue_lengths counts; context_switches and
%% garbage_collection counts; io's input and output byte counts, output
%% growing with printing; badarg for another item.
-module(statistics_items).
-export([main/1, id/1]).

main(_) ->
    {RT, RS} = statistics(runtime),
    p({runtime, is_integer(RT), is_integer(RS), RT >= 0, RS >= 0}),
    {WT, WS} = statistics(wall_clock),
    p({wall_clock, is_integer(WT), is_integer(WS), WT >= 0, WS >= 0}),
    timer:sleep(20),
    {WT2, WS2} = statistics(wall_clock),
    p({wall_clock_later, WT2 >= WT + 20, WS2 >= 20, WS2 =< WT2}),
    {RT2, RS2} = statistics(runtime),
    p({runtime_later, RT2 >= RT, RS2 >= 0, RS2 =< RT2}),
    {R1, _} = statistics(reductions),
    _ = work(id(20000), 0),
    timer:sleep(1),
    {R2, RSince} = statistics(reductions),
    p({reductions, is_integer(R1), R2 > R1, RSince > 0, RSince =< R2}),
    p({run_queue, is_integer(statistics(run_queue)), statistics(run_queue) >= 0}),
    p({total_run_queue_lengths, is_integer(statistics(total_run_queue_lengths))}),
    {CS, Zero} = statistics(context_switches),
    p({context_switches, CS > 0, Zero}),
    {GCs, Words, Zero2} = statistics(garbage_collection),
    p({garbage_collection, is_integer(GCs), is_integer(Words), Zero2}),
    {{input, In}, {output, Out}} = statistics(io),
    p({io, is_integer(In), is_integer(Out)}),
    io:format("~s~n", [lists:duplicate(100, $x)]),
    {{input, _}, {output, Out2}} = statistics(io),
    p({io_output_grew, Out2 >= Out + 100}),
    p([try statistics(id(I)) catch C:R -> {C, R} end || I <- [foo, "runtime", {runtime}]]).

work(0, Acc) -> Acc;
work(N, Acc) -> work(N - 1, Acc + N rem 7).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
