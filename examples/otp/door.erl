%% A code lock on a door: OTP's gen_statem behaviour in both callback
%% modes, as girder runs it from Erlang/OTP's own gen_statem.beam.
%%
%% door (state_functions, with state enter calls): buttons are pressed
%% (casts) until the code is complete; a wrong code locks again after a
%% state timeout; the open door locks itself after a state timeout; a
%% call to open a locked door is postponed until the door opens; plain
%% messages arrive as info events; an event timeout fires when no event
%% comes; a generic timeout is started, restarted and cancelled.
%%
%% main/1 also runs a switch (handle_event_function, in switch/0 below)
%% and reports what each machine tells it, so that the output's order does
%% not depend on timing.
-module(door).
-behaviour(gen_statem).

-export([main/1]).
-export([start/2, press/2, status/1]).
-export([callback_mode/0, init/1, locked/3, open/3, terminate/3]).

%% The API.

start(Code, Observer) ->
    gen_statem:start_link(?MODULE, {Code, Observer}, []).

press(Door, Button) -> gen_statem:cast(Door, {button, Button}).

status(Door) -> gen_statem:call(Door, status).

%% The callbacks.

callback_mode() -> [state_functions, state_enter].

init({Code, Observer}) ->
    process_flag(trap_exit, true),
    {ok, locked, #{code => Code, entered => [], observer => Observer}}.

locked(enter, OldState, Data) ->
    tell(Data, {entered, locked, from, OldState}),
    {keep_state, Data#{entered := []}};
locked(cast, {button, Button}, Data = #{code := Code, entered := Entered}) ->
    case Entered ++ [Button] of
        Code ->
            {next_state, open, Data};
        Partial when length(Partial) < length(Code) ->
            {keep_state, Data#{entered := Partial}, [{state_timeout, 50, forget}]};
        Wrong ->
            tell(Data, {wrong_code, Wrong}),
            {keep_state, Data#{entered := []}, [{state_timeout, cancel}]}
    end;
locked(state_timeout, forget, Data = #{entered := Entered}) ->
    tell(Data, {forgot, Entered}),
    {keep_state, Data#{entered := []}};
locked({call, _From}, open_please, _Data) ->
    %% Answered once the door is open.
    {keep_state_and_data, [postpone]};
locked({call, From}, {idle, Ms}, _Data) ->
    {keep_state_and_data, [{reply, From, ok}, {timeout, Ms, idle}]};
locked(timeout, idle, Data) ->
    tell(Data, event_timeout),
    keep_state_and_data;
locked({call, From}, {alarm, Ms}, _Data) ->
    {keep_state_and_data, [{reply, From, ok}, {{timeout, alarm}, Ms, ring}, {{timeout, never}, 10, ring},
                           {{timeout, never}, cancel}]};
locked({timeout, Name}, Message, Data) ->
    tell(Data, {generic_timeout, Name, Message}),
    keep_state_and_data;
locked(EventType, EventContent, Data) ->
    handle_common(EventType, EventContent, locked, Data).

open(enter, OldState, Data) ->
    tell(Data, {entered, open, from, OldState}),
    {keep_state_and_data, [{state_timeout, 30, lock}]};
open(state_timeout, lock, Data) ->
    {next_state, locked, Data};
open({call, From}, open_please, _Data) ->
    {keep_state_and_data, [{reply, From, already_open}]};
open(cast, {button, _}, _Data) ->
    %% Pressed while open: handled once locked again.
    {keep_state_and_data, [postpone]};
open(EventType, EventContent, Data) ->
    handle_common(EventType, EventContent, open, Data).

handle_common({call, From}, status, State, #{entered := Entered}) ->
    {keep_state_and_data, [{reply, From, {State, Entered}}]};
handle_common(info, Message, State, Data) ->
    tell(Data, {info, State, Message}),
    keep_state_and_data.

terminate(Reason, State, Data) ->
    tell(Data, {terminate, Reason, State}).

tell(#{observer := Observer}, What) -> Observer ! {door, What}.

%% The run.

main(_) ->
    {ok, Door} = start([1, 2, 3], self()),
    expect({entered, locked, from, locked}),
    press(Door, 1),
    press(Door, 2),
    show(status, status(Door)),
    expect({forgot, [1, 2]}),
    [press(Door, B) || B <- [3, 2, 1]],
    expect({wrong_code, [3, 2, 1]}),
    Caller = self(),
    spawn_link(fun() -> Caller ! {opened, gen_statem:call(Door, open_please)} end),
    timer:sleep(10),
    show(status, status(Door)),
    [press(Door, B) || B <- [1, 2, 3]],
    expect({entered, open, from, locked}),
    receive {opened, Answer} -> show(postponed_call, Answer) end,
    press(Door, 1),
    expect({entered, locked, from, open}),
    show(status_after_postponed_button, status(Door)),
    expect({forgot, [1]}),
    Door ! hello,
    expect({info, locked, hello}),
    ok = gen_statem:call(Door, {idle, 20}),
    expect(event_timeout),
    ok = gen_statem:call(Door, {alarm, 20}),
    expect({generic_timeout, alarm, ring}),
    {'EXIT', {timeout, {gen_statem, call, [Door, Request, Timeout]}}} =
        (catch gen_statem:call(Door, open_please, 30)),
    show(call_timeout, {Request, Timeout}),
    show(stop, gen_statem:stop(Door)),
    expect({terminate, normal, locked}),
    switch().

%% A light switch in handle_event_function mode, its state any term.
switch() ->
    {ok, Switch} = gen_statem:start(door_switch, [], []),
    show(flip, gen_statem:call(Switch, flip)),
    show(flip, gen_statem:call(Switch, flip)),
    show(flip, gen_statem:call(Switch, flip)),
    show(count, gen_statem:call(Switch, count)),
    gen_statem:cast(Switch, {next, self()}),
    receive {internal, _} = Internal -> show(next_event, Internal) end,
    Ref = monitor(process, Switch),
    gen_statem:cast(Switch, stop),
    receive {'DOWN', Ref, process, Switch, Reason} -> show(down, Reason) end.

expect(What) ->
    receive
        {door, What} -> show(door, What)
    after 2000 -> show(missing, What)
    end.

show(Tag, Value) -> io:format("~p: ~p~n", [Tag, Value]).
