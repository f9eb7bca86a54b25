%% spawn_opt/2,4: link links, monitor returns {Pid, Ref} and delivers the
%% 'DOWN', tuning options are accepted; an unknown or malformed option, an
%% improper option list, or a bad function is badarg.
-module(spawn_opt_options).
-export([main/1, child/1]).

main(_) ->
    process_flag(trap_exit, true),
    {P1, R1} = spawn_opt(spawn_opt_options, child, [one], [monitor]),
    receive {'DOWN', R1, process, P1, Reason1} -> p({down, Reason1}) end,
    P2 = spawn_opt(spawn_opt_options, child, [two], [link]),
    receive {'EXIT', P2, Reason2} -> p({exit, Reason2}) end,
    {P3, R3} = spawn_opt(spawn_opt_options, child, [three],
                         [link, {monitor, []}, {priority, high}, {fullsweep_after, 10},
                          {min_heap_size, 233}, {min_bin_vheap_size, 1000},
                          {max_heap_size, 0}, {max_heap_size, #{size => 0}},
                          {message_queue_data, off_heap}]),
    receive {'DOWN', R3, process, P3, Reason3} -> p({down, Reason3}) end,
    receive {'EXIT', P3, Reason4} -> p({exit, Reason4}) end,
    {P4, R4} = spawn_opt(fun() -> exit(from_fun) end, [monitor]),
    receive {'DOWN', R4, process, P4, Reason5} -> p({down, Reason5}) end,
    P5 = spawn_opt(spawn_opt_options, child, [five], []),
    p(is_pid(P5)),
    t([bad]),
    t([{priority, urgent}]),
    t([{fullsweep_after, -1}]),
    t([{min_heap_size, a}]),
    t([{message_queue_data, x}]),
    t([{link, true}]),
    t([{monitor, bad}]),
    t([link | monitor]),
    t(monitor),
    try spawn_opt(id(1), child, [], []) catch C1:E1 -> p({C1, E1}) end,
    try spawn_opt(spawn_opt_options, child, id(args), []) catch C2:E2 -> p({C2, E2}) end,
    try spawn_opt(id(not_a_fun), []) catch C3:E3 -> p({C3, E3}) end.

t(Options) ->
    try spawn_opt(spawn_opt_options, child, [never], id(Options)) of
        _ -> p(spawned)
    catch
        C:E -> p({C, E})
    end.

child(Name) -> exit({done, Name}).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
