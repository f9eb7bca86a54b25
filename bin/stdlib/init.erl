%% girder's init: the start of OTP's application controller, on first use.
%%
%% OTP's init starts application_controller at boot with the kernel
%% application loaded, then starts kernel and stdlib. girder starts them
%% the first time a process calls into application_controller: the VM
%% sends that call here instead (vm/src/applications.rs), to
%% boot_kernel/2 for the first caller and to await_kernel/2 for any other
%% until the kernel runs, and each makes the call once it does. The rest
%% of init (get_arguments/0, get_argument/1, get_plain_arguments/0) is
%% native. ARCHITECTURE.md, "Applications", has the design.
-module(init).
-export([boot_kernel/2, await_kernel/2, run_elixir/3]).

%% The first call into application_controller: start the kernel, then
%% make the call. The start runs in a process of its own, which stays, as
%% OTP's init stays: the application controller is linked to it and takes
%% it for its parent.
boot_kernel(Function, Args) ->
    Caller = self(),
    {Starter, Ref} = spawn_monitor(fun() -> starter(Caller) end),
    receive
        {Starter, kernel_started} ->
            erlang:demonitor(Ref, [flush]);
        {'DOWN', Ref, process, Starter, _} ->
            ok
    end,
    erlang:apply(application_controller, Function, Args).

%% A call into application_controller while another process starts the
%% kernel: wait, then make the call (the VM sends it here again while the
%% start goes on).
await_kernel(Function, Args) ->
    receive after 1 -> ok end,
    erlang:apply(application_controller, Function, Args).

starter(Caller) ->
    ok = erts_internal:kernel_boot({take_over, Caller}),
    %% The group leader of the controller and of the application masters,
    %% which pass their applications' output on to it.
    group_leader(spawn(fun output_server/0), self()),
    case catch start_kernel() of
        ok ->
            ok;
        Failure ->
            error_logger:error_msg("girder could not start the kernel application: ~tp~n", [Failure])
    end,
    ok = erts_internal:kernel_boot(settle),
    Caller ! {self(), kernel_started},
    stay().

stay() ->
    receive _ -> stay() end.

%% The node's standard output as an I/O server process, as OTP's user is:
%% an application master is the group leader of its application's
%% processes and sends their I/O requests on to its own group leader, so
%% that must be a process that answers them.
output_server() ->
    receive
        {io_request, From, ReplyAs, Request} ->
            Reply = try io:local_request(user, Request) catch error:Reason -> {error, Reason} end,
            From ! {io_reply, ReplyAs, Reply},
            output_server();
        _ ->
            output_server()
    end.

%% As OTP's boot script does: the application controller with kernel
%% loaded, then kernel and stdlib started, both permanent. kernel's own
%% processes (the code server, the file server, the logger, the standard
%% devices) are girder's native services, so kernel runs without its
%% application callback, whose supervisor would start OTP's.
start_kernel() ->
    {ok, Kernel} = app_spec(kernel),
    case application_controller:start({application, kernel, lists:keydelete(mod, 1, Kernel)}) of
        {ok, _} ->
            ok = application:start(kernel, permanent),
            ok = application:start(stdlib, permanent);
        Reason ->
            {error, Reason}
    end.

%% The application specification of the installed OTP's NAME.app.
app_spec(Name) ->
    File = atom_to_list(Name) ++ ".app",
    case code:where_is_file(File) of
        non_existing ->
            {error, {no_file, File}};
        Path ->
            {ok, Bin, _} = erl_prim_loader:get_file(Path),
            {ok, Tokens, _} = erl_scan:string(binary_to_list(Bin)),
            {ok, {application, Name, Spec}} = erl_parse:parse_term(Tokens),
            {ok, Spec}
    end.

%% Once the crash reports the emulator has sent to the `logger` process
%% (while Elixir's Logger has its handler there) are logged: Kernel.CLI
%% flushes Logger's own queue before it halts the node, but not the
%% logger process's. A request to it comes after them. (Run as an
%% at_exit function, before Kernel.CLI flushes Logger.)
logged() ->
    case whereis(logger) of
        undefined ->
            ok;
        Logger ->
            Ref = erlang:monitor(process, Logger),
            Logger ! {'$logger_call', self(), Ref, sync},
            receive
                {Ref, ok} -> erlang:demonitor(Ref, [flush]);
                {'DOWN', Ref, process, Logger, _} -> ok
            end
    end.

%% girder run prog.ex (or the .beam of an Elixir module): Elixir's runtime
%% started as the elixir command starts it (its elixir:start_cli/0 starts
%% the elixir application and the applications it needs), the arguments
%% given to System.argv/0, then Program:Function/1 with them (Elixir's
%% strings), or Program:Function/0 when there is no Function/1 (Function
%% is main unless --entry names another).
%%
%% The elixir application sets the encoding of standard_error to utf8 as
%% it starts, and fails if the device refuses; while girder's devices
%% refuse it, the program runs without the elixir application (most
%% programs never use it: its configuration table, its code server for
%% compiling at run time), rather than print the failed start's reports
%% on every run.
run_elixir(Program, Function, Args) ->
    Main = fun() ->
                   _ = code:ensure_loaded(Program),
                   case erlang:function_exported(Program, Function, 1) of
                       true -> Program:Function(Args);
                       false -> Program:Function()
                   end
           end,
    case io:setopts(standard_error, [{encoding, utf8}]) =:= ok andalso application:ensure_all_started(elixir) of
        {ok, _} ->
            %% As elixir:start_cli/0 does: Logger, when it is there. Its
            %% console writes to `user` (or `standard_error`), which erl
            %% always has registered.
            _ = user:server(),
            _ = user:standard_error(),
            _ = case code:ensure_loaded('Elixir.Logger') of
                    {module, _} -> application:start(logger);
                    {error, _} -> ok
                end,
            'Elixir.System':argv(Args),
            %% As the elixir command runs a program: in a process of its
            %% own, an error printed as Elixir prints it (exit status 1),
            %% then System.at_exit/1's functions, Logger flushed, and the
            %% node halted.
            'Elixir.System':at_exit(fun(_) -> logged() end),
            'Elixir.Kernel.CLI':run(fun(_) -> Main() end);
        {error, Reason} ->
            io:format(standard_error, "girder: Elixir's runtime did not start: ~tp~n", [Reason]),
            Main();
        false ->
            Main()
    end.
