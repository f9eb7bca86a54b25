%% An event manager with two kinds of handler: OTP's gen_event behaviour,
%% as girder runs it from Erlang/OTP's own gen_event.beam.
%%
%% event_log handlers keep a list of the events they saw. main/1 adds
%% handlers (one of them supervised), notifies asynchronously and
%% synchronously, calls a handler, sends the manager a plain message,
%% deletes a handler, swaps one for another (from a call, and with
%% swap_handler/3), lets a handler remove itself,
%% and crashes one: the manager logs the crash and removes the handler,
%% and the others carry on.
-module(event_log).
-behaviour(gen_event).

-export([main/1]).
-export([init/1, handle_event/2, handle_call/2, handle_info/2, terminate/2]).

init({{swapped, Name}, {OldName, Seen}}) ->
    io:format("~p: took over from ~p, which saw ~p~n", [Name, OldName, lists:reverse(Seen)]),
    {ok, #{name => Name, seen => []}};
init(Name) ->
    io:format("~p: added~n", [Name]),
    {ok, #{name => Name, seen => []}}.

handle_event(crash, #{name := fragile}) ->
    error(fragile_handler_broke);
handle_event(leave, #{name := Name}) ->
    io:format("~p: leaving~n", [Name]),
    remove_handler;
handle_event(Event, State = #{name := Name, seen := Seen}) ->
    io:format("~p: ~p~n", [Name, Event]),
    {ok, State#{seen := [Event | Seen]}}.

handle_call(seen, State = #{seen := Seen}) ->
    {ok, lists:reverse(Seen), State};
handle_call({swap, NewName}, State) ->
    {swap_handler, swapped, swap_out, State, {?MODULE, NewName}, {swapped, NewName}}.

handle_info(Message, State = #{name := Name}) ->
    io:format("~p: info ~p~n", [Name, Message]),
    {ok, State}.

terminate(swap_out, #{name := Name, seen := Seen}) ->
    {Name, Seen};
terminate(Reason, #{name := Name, seen := Seen}) ->
    io:format("~p: terminate ~p~n", [Name, reason(Reason)]),
    {Name, length(Seen)}.

%% A crashed handler's reason holds a stack trace: shown by its head.
reason({error, {'EXIT', {Error, _Stacktrace}}}) -> {error, {'EXIT', Error}};
reason(Reason) -> Reason.

main(_) ->
    {ok, Manager} = gen_event:start_link({local, events}),
    ok = gen_event:add_handler(events, {?MODULE, console}, console),
    ok = gen_event:add_handler(events, {?MODULE, fragile}, fragile),
    ok = gen_event:add_sup_handler(events, {?MODULE, audit}, audit),
    io:format("handlers: ~p~n", [lists:sort(gen_event:which_handlers(events))]),
    ok = gen_event:notify(events, started),
    ok = gen_event:sync_notify(events, {temperature, 21}),
    io:format("console saw: ~p~n", [gen_event:call(events, {?MODULE, console}, seen)]),
    io:format("nobody: ~p~n", [gen_event:call(events, {?MODULE, nobody}, seen)]),
    ok = gen_event:sync_notify(events, crash),
    io:format("handlers after the crash: ~p~n", [lists:sort(gen_event:which_handlers(events))]),
    Manager ! ping,
    io:format("delete console: ~p~n", [gen_event:delete_handler(events, {?MODULE, console}, done)]),
    io:format("delete console again: ~p~n", [gen_event:delete_handler(events, {?MODULE, console}, done)]),
    io:format("swap: ~p~n", [gen_event:call(events, {?MODULE, audit}, {swap, archive})]),
    receive {gen_event_EXIT, Handler, Why} -> io:format("supervised handler gone: ~p ~p~n", [Handler, element(1, Why)]) end,
    io:format("handlers: ~p~n", [gen_event:which_handlers(events)]),
    io:format("swap back: ~p~n", [gen_event:swap_handler(events, {{?MODULE, archive}, swap_out},
                                                         {{?MODULE, audit}, {swapped, audit}})]),
    io:format("handlers: ~p~n", [gen_event:which_handlers(events)]),
    ok = gen_event:sync_notify(events, leave),
    io:format("handlers: ~p~n", [gen_event:which_handlers(events)]),
    ok = gen_event:add_handler(events, {?MODULE, last}, last),
    ok = gen_event:stop(events),
    io:format("stopped: ~p~n", [whereis(events)]).
