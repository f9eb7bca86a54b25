-module(otp_process_info).
-export([main/1]).

%% process_info/1,2 with the items OTP's libraries read, group leaders,
%% function_exported/3, module_loaded/1, code:ensure_loaded/1,
%% code:is_loaded/1, and the pid, reference and fun conversions.
main(_) ->
    Self = self(),
    P = spawn(fun() -> receive stop -> ok end end),
    timer:sleep(10),
    Info = process_info(P),
    io:format("~p~n", [[K || {K, _} <- Info]]),
    register(named_proc, P),
    [{registered_name, named_proc}, {status, waiting}, {trap_exit, false}, {priority, normal},
     {error_handler, error_handler}, {message_queue_len, 0}, {links, []}, {dictionary, []}]
        = process_info(P, [registered_name, status, trap_exit, priority, error_handler,
                           message_queue_len, links, dictionary]),
    {registered_name, named_proc} = hd(process_info(P)),
    io:format("~p~n", [process_info(self(), registered_name)]),
    io:format("~p~n", [process_info(self(), [registered_name])]),
    [{total_heap_size, T}, {heap_size, H}, {stack_size, S}] = process_info(P, [total_heap_size, heap_size, stack_size]),
    io:format("~p~n", [is_integer(T) andalso is_integer(H) andalso is_integer(S) andalso T >= H]),
    {garbage_collection, GC} = process_info(P, garbage_collection),
    io:format("~p~n", [lists:sort([K || {K, _} <- GC, lists:member(K, [min_heap_size, fullsweep_after, minor_gcs])])]),
    {current_function, {erlang, _, _} = _} = setelement(2, process_info(P, current_function), {erlang, x, 0}),
    {catchlevel, 0} = process_info(P, catchlevel),
    io:format("~p~n", [process_info(P, [suspending, message_queue_data])]),
    P ! stop,
    timer:sleep(10),
    io:format("~p ~p ~p~n", [process_info(P), process_info(P, status), process_info(P, [status])]),
    io:format("~p~n", [catch_error(fun() -> process_info(self(), bad_item) end)]),
    io:format("~p~n", [catch_error(fun() -> process_info(self(), [status | bad]) end)]),
    io:format("~p~n", [catch_error(fun() -> process_info(x) end)]),
    %% Group leaders: inherited by spawn, set by group_leader/2.
    GL = group_leader(),
    io:format("~p~n", [is_pid(GL)]),
    Child = spawn(fun() -> receive {report, To} -> To ! {gl, group_leader()} end end),
    Child ! {report, Self},
    receive {gl, GL} -> io:format("inherited~n") end,
    Other = spawn(fun() -> receive stop -> ok end end),
    %% Output would go to the new leader, which is no I/O server: the
    %% checks print once the old one is back.
    true = group_leader(Other, self()),
    Set = group_leader() =:= Other,
    Grandchild = spawn(fun() -> receive {report, To2} -> To2 ! {gl, group_leader()} end end),
    Grandchild ! {report, Self},
    Inherited = receive {gl, Other} -> true after 1000 -> false end,
    true = group_leader(GL, self()),
    io:format("~p ~p~n", [Set, Inherited]),
    io:format("~p~n", [catch_error(fun() -> group_leader(x, self()) end)]),
    Other ! stop,
    %% Modules.
    io:format("~p ~p ~p~n", [erlang:function_exported(lists, reverse, 1),
                             erlang:function_exported(?MODULE, main, 1),
                             erlang:function_exported(?MODULE, main, 2)]),
    io:format("~p ~p~n", [erlang:module_loaded(?MODULE), erlang:module_loaded(no_such_module_here)]),
    io:format("~p~n", [code:ensure_loaded(no_such_module_here)]),
    io:format("~p~n", [code:ensure_loaded(lists)]),
    io:format("~p ~p~n", [element(1, code:is_loaded(lists)), code:is_loaded(no_such_module_here)]),
    io:format("~p~n", [code:ensure_modules_loaded([lists, no_such_module_here])]),
    io:format("~p~n", [catch_error(fun() -> erlang:function_exported(1, a, 1) end)]),
    %% Conversions.
    Pid = list_to_pid("<0.42.7>"),
    io:format("~p ~s~n", [Pid, pid_to_list(Pid)]),
    Ref = list_to_ref("#Ref<0.1.2.3>"),
    io:format("~p ~s~n", [Ref, ref_to_list(Ref)]),
    io:format("~s~n", [erlang:fun_to_list(fun lists:map/2)]),
    R2 = make_ref(),
    io:format("~p~n", [list_to_ref(ref_to_list(R2)) =:= R2]),
    io:format("~p~n", [[catch_error(fun() -> list_to_pid(S1) end) || S1 <- ["<0.1.2", "< 0.1.2>", "<0.a.2>", x]]]),
    io:format("~p~n", [[catch_error(fun() -> F(x) end) || F <- [fun pid_to_list/1, fun ref_to_list/1, fun erlang:fun_to_list/1, fun list_to_ref/1]]]),
    ok.

catch_error(F) ->
    try F() of V -> {value, V} catch C:R -> {C, R} end.
