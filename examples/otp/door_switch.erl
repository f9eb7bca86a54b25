%% The switch of door.erl: a gen_statem in handle_event_function mode,
%% counting its flips, with an internal event inserted by next_event.
-module(door_switch).
-behaviour(gen_statem).

-export([callback_mode/0, init/1, handle_event/4]).

callback_mode() -> handle_event_function.

init([]) -> {ok, off, 0}.

handle_event({call, From}, flip, off, Flips) ->
    {next_state, on, Flips + 1, [{reply, From, on}]};
handle_event({call, From}, flip, on, Flips) ->
    {next_state, off, Flips + 1, [{reply, From, off}]};
handle_event({call, From}, count, _State, Flips) ->
    {keep_state_and_data, [{reply, From, Flips}]};
handle_event(cast, {next, Pid}, _State, _Flips) ->
    {keep_state_and_data, [{next_event, internal, {tell, Pid}}]};
handle_event(internal, {tell, Pid}, State, _Flips) ->
    Pid ! {internal, State},
    keep_state_and_data;
handle_event(cast, stop, _State, _Flips) ->
    {stop, normal}.
