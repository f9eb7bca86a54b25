%% spawn_opt/4's max_heap_size: a process that grows past its limit is
%% killed (its monitor says killed) and reported as erl reports it, unless
%% the limit says otherwise (kill => false lets it grow, error_logger =>
%% false keeps it quiet). The figures of the report are each system's own.
-module(heap_limit).

-export([main/1, grow/1]).

grow(N) -> grow(N, []).

grow(0, Acc) -> length(Acc);
grow(N, Acc) -> grow(N - 1, [N | Acc]).

run(Limit) ->
    {Pid, Ref} = spawn_opt(?MODULE, grow, [20000], [monitor, {max_heap_size, Limit}]),
    receive {'DOWN', Ref, process, Pid, Reason} -> io:format("~p: ~p~n", [Limit, Reason]) end.

main(_) ->
    run(2000),
    run(#{size => 2000, error_logger => false}),
    run(#{size => 200000, kill => true}),
    {Pid, Ref} = spawn_opt(fun() -> exit(process_info(self(), max_heap_size)) end,
                           [monitor, {max_heap_size, #{size => 5000, kill => false, error_logger => false}}]),
    receive {'DOWN', Ref, process, Pid, Info} -> io:format("~p~n", [Info]) end,
    %% erl's logger writes reports from a process of its own: time for it
    %% to write the first before the node stops.
    timer:sleep(100).
