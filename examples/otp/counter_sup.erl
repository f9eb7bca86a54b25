%% The supervisor of counter.erl's third server.
-module(counter_sup).
-behaviour(supervisor).

-export([init/1]).

init([]) ->
    Child = #{id => third, start => {counter, start_link, [third]}, shutdown => 1000},
    {ok, {#{strategy => one_for_one}, [Child]}}.
