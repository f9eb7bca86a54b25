%% A key-value server: OTP's gen_server behaviour, as girder runs it from
%% Erlang/OTP's own gen_server.beam.
-module(kv_server).
-behaviour(gen_server).

-export([start_link/0, put/2, get/1, crash/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).

start_link() ->
    gen_server:start_link({local, ?MODULE}, ?MODULE, #{}, []).

put(Key, Value) -> gen_server:call(?MODULE, {put, Key, Value}).
get(Key) -> gen_server:call(?MODULE, {get, Key}).

%% Asks the server to do what it cannot: it crashes, and its supervisor
%% starts a new one.
crash() -> gen_server:cast(?MODULE, crash).

init(Store) ->
    io:format("kv_server: started~n"),
    {ok, Store}.

handle_call({put, Key, Value}, _From, Store) ->
    {reply, ok, Store#{Key => Value}};
handle_call({get, Key}, _From, Store) ->
    {reply, maps:find(Key, Store), Store}.

handle_cast(crash, Store) ->
    {noreply, maps:get(no_such_key, Store)}.

handle_info(_Message, Store) ->
    {noreply, Store}.

terminate(_Reason, _Store) ->
    ok.
