%% A supervisor for kv_server (OTP's supervisor behaviour), and main/1: the
%% server serves, crashes on purpose, is restarted, and serves again.
-module(kv_sup).
-behaviour(supervisor).

-export([main/1, start_link/0, init/1]).

start_link() ->
    supervisor:start_link({local, ?MODULE}, ?MODULE, []).

init([]) ->
    Flags = #{strategy => one_for_one, intensity => 3, period => 5},
    Child = #{id => kv_server, start => {kv_server, start_link, []}},
    {ok, {Flags, [Child]}}.

main(_) ->
    {ok, _Supervisor} = start_link(),
    ok = kv_server:put(greeting, hello),
    io:format("get greeting: ~p~n", [kv_server:get(greeting)]),
    First = whereis(kv_server),
    kv_server:crash(),
    wait_for_restart(First),
    io:format("restarted: ~p~n", [whereis(kv_server) =/= First]),
    io:format("get greeting: ~p~n", [kv_server:get(greeting)]),
    ok = kv_server:put(greeting, again),
    io:format("get greeting: ~p~n", [kv_server:get(greeting)]),
    io:format("children: ~p~n", [[{Id, Type} || {Id, _, Type, _} <- supervisor:which_children(kv_sup)]]),
    io:format("counts: ~p~n", [supervisor:count_children(kv_sup)]).

wait_for_restart(Old) ->
    case whereis(kv_server) of
        Pid when is_pid(Pid), Pid =/= Old -> ok;
        _ -> timer:sleep(10), wait_for_restart(Old)
    end.
