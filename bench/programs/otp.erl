%% OTP's behaviours, the same program on girder and on erl: both run
%% Erlang/OTP's own gen_server.beam and supervisor.beam.
%%
%% main([Name, Count]) runs one benchmark and prints
%% "Name Microseconds Check": the time of the work alone, and a figure
%% that proves the work was done.
%%
%%   call     Count gen_server:call/2 round trips to one server;
%%   restart  a one_for_one supervisor of Count workers: every worker is
%%            killed, and the time is until the supervisor has started
%%            them all again (each new worker reports to the main
%%            process).
%%
%% The logger's primary level is set to none first, on both VMs: each
%% restart logs a supervisor report, and the benchmark measures the
%% behaviours, not the writing of 10,000 reports.
-module(otp).
-export([main/1]).
-export([init/1, handle_call/3, handle_cast/2, start_worker/0, worker/0]).

main([Name, CountText]) ->
    Count = list_to_integer(CountText),
    logger:set_primary_config(level, none),
    {Elapsed, Check} = run(Name, Count),
    io:format("~s ~w ~w~n", [Name, Elapsed, Check]).

run("call", Count) ->
    {ok, Server} = gen_server:start_link(?MODULE, server, []),
    Start = erlang:monotonic_time(microsecond),
    Sum = calls(Server, Count, 0),
    {erlang:monotonic_time(microsecond) - Start, Sum};
run("restart", Count) ->
    register(otp_bench_main, self()),
    {ok, Supervisor} = supervisor:start_link(?MODULE, {supervisor, Count}),
    started(Count),
    Old = [Pid || {_, Pid, _, _} <- supervisor:which_children(Supervisor)],
    Start = erlang:monotonic_time(microsecond),
    [exit(Pid, kill) || Pid <- Old],
    started(Count),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    New = [Pid || {_, Pid, _, _} <- supervisor:which_children(Supervisor)],
    {Elapsed, length(New -- Old)}.

calls(_, 0, Sum) -> Sum;
calls(Server, N, Sum) -> calls(Server, N - 1, Sum + gen_server:call(Server, {add, N})).

%% Waits for N workers to report that they started.
started(0) -> ok;
started(N) -> receive started -> started(N - 1) end.

%% The gen_server: replies with what it is sent.
init(server) ->
    {ok, 0};
%% The supervisor: Count workers, and room to restart all of them.
init({supervisor, Count}) ->
    Flags = #{strategy => one_for_one, intensity => Count * 2, period => 60},
    Children = [#{id => N, start => {?MODULE, start_worker, []}, shutdown => brutal_kill}
                || N <- lists:seq(1, Count)],
    {ok, {Flags, Children}}.

handle_call({add, N}, _From, State) -> {reply, N rem 7, State}.
handle_cast(_, State) -> {noreply, State}.

start_worker() -> {ok, proc_lib:spawn_link(?MODULE, worker, [])}.

worker() ->
    otp_bench_main ! started,
    receive stop -> ok end.
