%% spawn_opt/2..5 and process_flag/2 with the settings OTP 25 takes:
%% {monitor, Options} tags the 'DOWN' message or makes the reference an
%% alias; max_heap_size (an integer, or a map of size, kill and
%% error_logger) kills a process past it, or lets it grow when kill is
%% false; priority, message_queue_data, min_heap_size (rounded up to one
%% of OTP's heap sizes) and fullsweep_after are kept and reported by
%% process_info; malformed settings are badarg.
-module(spawn_opt_settings).
-export([main/1, grow/1, id/1]).

main(_) ->
    {P1, R1} = spawn_opt(fun() -> exit(tagged) end, [{monitor, [{tag, my_down}]}]),
    receive {my_down, R1, process, P1, Why1} -> p({tagged_down, Why1}) end,
    {P2, R2} = spawn_opt(fun() -> receive {go, From} -> From ! go end end,
                         [{monitor, [{alias, demonitor}]}]),
    P2 ! {go, R2},
    receive go -> p(alias_reached) end,
    receive {'DOWN', R2, process, P2, Why2} -> p({alias_down, Why2}) end,
    {P3, R3} = spawn_opt(?MODULE, grow, [50000],
                         [monitor, {max_heap_size, #{size => 2000, kill => true, error_logger => false}}]),
    receive {'DOWN', R3, process, P3, Why3} -> p({limited, Why3}) end,
    {P4, R4} = spawn_opt(?MODULE, grow, [5000],
                         [monitor, {max_heap_size, #{size => 2000, kill => false, error_logger => false}}]),
    receive {'DOWN', R4, process, P4, Why4} -> p({not_killed, Why4}) end,
    Self = self(),
    P5 = spawn_opt(fun() -> Self ! {info, process_info(self(), [priority, message_queue_data, max_heap_size])},
                            Self ! {gc, lists:sort(element(2, process_info(self(), garbage_collection)))} end,
                   [{priority, high}, {message_queue_data, off_heap}, {min_heap_size, 500},
                    {fullsweep_after, 7}, {max_heap_size, 3000}]),
    receive {info, Info} -> p({P5 =/= self(), Info}) end,
    receive {gc, Gc} -> p([{K, V} || {K, V} <- Gc, K =/= min_bin_vheap_size, K =/= minor_gcs]) end,
    p(process_flag(priority, low)),
    p(process_flag(priority, normal)),
    p(process_flag(message_queue_data, off_heap)),
    p(process_flag(message_queue_data, on_heap)),
    p(process_flag(min_heap_size, 1000)),
    p(process_flag(min_heap_size, 0)),
    p(process_flag(fullsweep_after, 3)),
    p(process_flag(max_heap_size, #{size => 100000, kill => false})),
    p(process_flag(max_heap_size, 0)),
    p(process_info(self(), [priority, max_heap_size, fullsweep_after])),
    f(fun() -> process_flag(priority, urgent) end),
    f(fun() -> process_flag(max_heap_size, 100) end),
    f(fun() -> process_flag(max_heap_size, #{kill => true}) end),
    f(fun() -> process_flag(min_heap_size, -1) end),
    f(fun() -> process_flag(no_such_flag, 1) end),
    t([{max_heap_size, #{}}]),
    t([{max_heap_size, #{size => 1000, kill => maybe}}]),
    t([{max_heap_size, #{size => 1000, bogus => true}}]),
    t([{max_heap_size, -1}]),
    t([{max_heap_size, 100}]),
    t([{max_heap_size, 1000}, {min_heap_size, 2000}]),
    t([{max_heap_size, id(1 bsl 60)}]),
    t([{min_heap_size, id(1 bsl 60)}]),
    t([{monitor, [{tag, x} | y]}]),
    t([{monitor, [{alias, sometimes}]}]),
    t([{async_dist, true}]),
    {P6, R6} = spawn_opt(node(), fun() -> exit(on_node) end, [monitor]),
    receive {'DOWN', R6, process, P6, Why6} -> p({node_down, Why6}) end,
    {P7, R7} = spawn_opt(node(), ?MODULE, grow, [3], [monitor]),
    receive {'DOWN', R7, process, P7, Why7} -> p({node_down, Why7}) end,
    f(fun() -> spawn_opt(node(), fun() -> ok end, [bogus]) end),
    f(fun() -> spawn_opt(node(), ?MODULE, grow, [1], [bogus]) end),
    f(fun() -> spawn_opt(node(), not_a_fun, []) end).

grow(N) -> grow(N, []).

grow(0, Acc) -> length(Acc);
grow(N, Acc) -> grow(N - 1, [N | Acc]).

t(Options) ->
    try spawn_opt(?MODULE, grow, [1], id(Options)) of
        _ -> p(spawned)
    catch
        C:E -> p({C, E})
    end.

f(Fun) ->
    try Fun() of
        V -> p({returned, V})
    catch
        C:E -> p({C, E})
    end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
