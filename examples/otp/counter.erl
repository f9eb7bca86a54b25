%% A counter server showing more of OTP's gen_server than kv_server.erl:
%% handle_continue after init and after a call, a call that times out
%% (the caller exits with {timeout, {gen_server, call, ...}}), a reply
%% sent later with gen_server:reply/2, hibernation, and terminate/2,
%% which a server trapping exits runs when it stops itself, when
%% gen_server:stop/1 stops it, and when its supervisor shuts it down.
-module(counter).
-behaviour(gen_server).

-export([main/1, start_link/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, handle_continue/2, terminate/2]).

start_link(Name) ->
    gen_server:start_link({local, Name}, ?MODULE, Name, []).

init(Name) ->
    process_flag(trap_exit, true),
    {ok, #{name => Name, count => 0}, {continue, warm_up}}.

handle_continue(warm_up, State = #{name := Name}) ->
    io:format("~p: warming up~n", [Name]),
    {noreply, State#{count := 100}};
handle_continue(double, State = #{count := Count}) ->
    {noreply, State#{count := 2 * Count}}.

handle_call(get, _From, State = #{count := Count}) ->
    {reply, Count, State};
handle_call({add, N}, _From, State = #{count := Count}) ->
    {reply, ok, State#{count := Count + N}, {continue, double}};
handle_call(slow, _From, State) ->
    timer:sleep(200),
    {reply, too_late, State};
handle_call(later, From, State) ->
    self() ! {answer, From},
    {noreply, State};
handle_call(sleep, _From, State) ->
    {reply, sleeping, State, hibernate};
handle_call(stop, _From, State) ->
    {stop, normal, stopping, State}.

handle_cast(bump, State = #{count := Count}) ->
    {noreply, State#{count := Count + 1}, hibernate}.

handle_info({answer, From}, State) ->
    gen_server:reply(From, answered_later),
    {noreply, State};
handle_info(Message, State = #{name := Name}) ->
    io:format("~p: info ~p~n", [Name, Message]),
    {noreply, State}.

terminate(Reason, #{name := Name, count := Count}) ->
    io:format("~p: terminate ~p at ~p~n", [Name, Reason, Count]).

main(_) ->
    {ok, _} = start_link(first),
    io:format("get: ~p~n", [gen_server:call(first, get)]),
    io:format("add: ~p~n", [gen_server:call(first, {add, 5})]),
    io:format("get after the continue: ~p~n", [gen_server:call(first, get)]),
    io:format("later: ~p~n", [gen_server:call(first, later)]),
    {'EXIT', {Reason, {gen_server, call, [first, slow, 50]}}} = (catch gen_server:call(first, slow, 50)),
    io:format("slow call: ~p~n", [Reason]),
    io:format("get: ~p~n", [gen_server:call(first, get)]),
    io:format("sleep: ~p~n", [gen_server:call(first, sleep)]),
    io:format("hibernating in: ~p~n", [hibernating(first)]),
    gen_server:cast(first, bump),
    io:format("hibernating in: ~p~n", [hibernating(first)]),
    io:format("get: ~p~n", [gen_server:call(first, get)]),
    first ! hello,
    io:format("stop: ~p~n", [gen_server:call(first, stop)]),
    wait_gone(first),
    {ok, _} = start_link(second),
    io:format("stop: ~p~n", [gen_server:stop(second)]),
    process_flag(trap_exit, true),
    {ok, Sup} = supervisor:start_link(counter_sup, []),
    io:format("supervised: ~p~n", [gen_server:call(third, get)]),
    exit(Sup, shutdown),
    receive {'EXIT', Sup, Why} -> io:format("supervisor: ~p~n", [Why]) end.

%% Where a hibernating server waits, once the request to hibernate is in.
hibernating(Name) ->
    _ = sys:get_state(Name),
    timer:sleep(20),
    {current_function, Where} = process_info(whereis(Name), current_function),
    Where.

wait_gone(Name) ->
    case whereis(Name) of
        undefined -> ok;
        _ -> timer:sleep(5), wait_gone(Name)
    end.
