%% logger.erl: girder's own `logger`, the API of Erlang/OTP's logger with
%% the behaviour of its default configuration: a primary level (`notice`
%% unless set), OTP's default handler with its filters, and reports
%% formatted by OTP's own `logger_formatter` and written to standard error
%% under the `=ERROR REPORT==== Time ===` head that handler prints.
%%
%% Handlers and filters are OTP's: `add_handler/3` installs any module
%% with a `log/2` callback (Elixir's Logger installs one), filters are
%% `{Fun, Args}` as OTP calls them, and an event passes the primary level,
%% the primary filters, then each handler's level and filters, and is
%% given to each handler in the logging process, as in OTP. The default
%% handler (`default`, module `logger_std_h`) is girder's writer.
%%
%% OTP's logger keeps its configuration in ETS tables and its handlers in
%% processes of the `kernel` application. girder keeps the primary level
%% and the modules' levels in the VM (`logger:allow/2` is a BIF, as fast as
%% the check in every `?LOG_ERROR` macro must be), and the rest of the
%% configuration in `persistent_term`, read without a copy by every event.
%% Changes go through one process, registered as `logger` as OTP's server
%% is, started by the first change; the emulator sends it the crash reports
%% of processes, which it logs. ARCHITECTURE.md says why.
%%
%% girder ships this module as `logger.gasm`, the assembly `girder disasm`
%% prints for it compiled by `erlc +deterministic`; a test checks that the
%% two agree.
-module(logger).

-export([emergency/1, emergency/2, emergency/3,
         alert/1, alert/2, alert/3,
         critical/1, critical/2, critical/3,
         error/1, error/2, error/3,
         warning/1, warning/2, warning/3,
         notice/1, notice/2, notice/3,
         info/1, info/2, info/3,
         debug/1, debug/2, debug/3,
         log/2, log/3, log/4,
         macro_log/3, macro_log/4, macro_log/5,
         get_primary_config/0, set_primary_config/1, set_primary_config/2,
         update_primary_config/1, add_primary_filter/2, remove_primary_filter/1,
         add_handler/3, remove_handler/1, get_handler_ids/0,
         get_handler_config/0, get_handler_config/1,
         set_handler_config/2, set_handler_config/3,
         update_handler_config/2, update_handler_config/3,
         update_formatter_config/2, update_formatter_config/3,
         add_handler_filter/3, remove_handler_filter/2, get_config/0,
         set_module_level/2, unset_module_level/0, unset_module_level/1,
         get_module_level/0, get_module_level/1,
         set_application_level/2, unset_application_level/1,
         set_process_metadata/1, update_process_metadata/1,
         get_process_metadata/0, unset_process_metadata/0,
         compare_levels/2,
         format_report/1, filter_stacktrace/2]).

-define(CONFIG_KEY, {logger, config}).
-define(METADATA_KEY, '$logger_metadata$').

emergency(M) -> log(emergency, M).
emergency(F, A) -> log(emergency, F, A).
emergency(F, A, Meta) -> log(emergency, F, A, Meta).
alert(M) -> log(alert, M).
alert(F, A) -> log(alert, F, A).
alert(F, A, Meta) -> log(alert, F, A, Meta).
critical(M) -> log(critical, M).
critical(F, A) -> log(critical, F, A).
critical(F, A, Meta) -> log(critical, F, A, Meta).
error(M) -> log(error, M).
error(F, A) -> log(error, F, A).
error(F, A, Meta) -> log(error, F, A, Meta).
warning(M) -> log(warning, M).
warning(F, A) -> log(warning, F, A).
warning(F, A, Meta) -> log(warning, F, A, Meta).
notice(M) -> log(notice, M).
notice(F, A) -> log(notice, F, A).
notice(F, A, Meta) -> log(notice, F, A, Meta).
info(M) -> log(info, M).
info(F, A) -> log(info, F, A).
info(F, A, Meta) -> log(info, F, A, Meta).
debug(M) -> log(debug, M).
debug(F, A) -> log(debug, F, A).
debug(F, A, Meta) -> log(debug, F, A, Meta).

log(Level, StringOrReport) ->
    log_if_allowed(Level, StringOrReport, #{}).

log(Level, StringOrReport, Meta) when is_map(Meta), not is_function(StringOrReport) ->
    log_if_allowed(Level, StringOrReport, Meta);
log(Level, FunOrFormat, Args) ->
    log_if_allowed(Level, {FunOrFormat, Args}, #{}).

log(Level, FunOrFormat, Args, Meta) ->
    log_if_allowed(Level, {FunOrFormat, Args}, Meta).

log_if_allowed(Level, Msg, Meta) ->
    case logger:allow(Level, undefined) of
        true -> log_allowed(#{}, Level, Msg, Meta);
        false -> ok
    end.

macro_log(Location, Level, StringOrReport) ->
    log_allowed(Location, Level, StringOrReport, #{}).

macro_log(Location, Level, StringOrReport, Meta) when is_map(Meta), not is_function(StringOrReport) ->
    log_allowed(Location, Level, StringOrReport, Meta);
macro_log(Location, Level, FunOrFormat, Args) ->
    log_allowed(Location, Level, {FunOrFormat, Args}, #{}).

macro_log(Location, Level, FunOrFormat, Args, Meta) ->
    log_allowed(Location, Level, {FunOrFormat, Args}, Meta).

%% The event: its metadata is the call's over the process's over the
%% primary metadata, with the process, its group leader and the time.
log_allowed(Location, Level, Msg0, Meta0) ->
    case message(Msg0) of
        {Msg, FunMeta} ->
            #{primary := Primary} = Config = config(),
            Default = #{pid => self(), gl => group_leader(), time => erlang:system_time(microsecond)},
            Meta = lists:foldl(fun(Over, Under) -> maps:merge(Under, Over) end, Default,
                               [maps:get(metadata, Primary), process_metadata(), Location, Meta0, FunMeta]),
            dispatch(#{level => Level, msg => Msg, meta => Meta}, Config);
        none ->
            ok
    end.

message({Fun, Args}) when is_function(Fun, 1) ->
    try Fun(Args) of
        {Format, FormatArgs} = Msg when is_list(Format), is_list(FormatArgs) -> {Msg, #{}};
        {StringOrReport, Meta} when is_map(Meta) -> {string_or_report(StringOrReport), Meta};
        ignore -> none;
        StringOrReport -> {string_or_report(StringOrReport), #{}}
    catch
        Class:Reason ->
            {{"LAZY_FUN CRASH: ~tp; Reason: ~tp", [{Fun, Args}, {Class, Reason}]}, #{}}
    end;
message({Format, Args} = Msg) when is_list(Args) ->
    case is_list(Format) orelse is_binary(Format) orelse is_atom(Format) of
        true -> {Msg, #{}};
        false -> {string_or_report(Msg), #{}}
    end;
message(StringOrReport) ->
    {string_or_report(StringOrReport), #{}}.

string_or_report(Report) when is_map(Report) -> {report, Report};
string_or_report([{_, _} | _] = Report) -> {report, Report};
string_or_report(String) -> {string, String}.

%% The event through the primary filters, then to each handler whose
%% level and filters it passes. A handler that crashes is removed, as OTP
%% removes it.
dispatch(Event0, #{primary := Primary, handlers := Handlers}) ->
    case filtered(Event0, Primary) of
        stop ->
            ok;
        Event ->
            #{level := Level} = Event,
            lists:foreach(fun(#{level := HandlerLevel} = Handler) ->
                                  case compare_levels(Level, HandlerLevel) of
                                      lt -> ok;
                                      _ -> handle(filtered(Event, Handler), Handler)
                                  end
                          end, Handlers)
    end.

handle(stop, _) ->
    ok;
handle(Event, #{id := default, module := logger_std_h}) ->
    #{level := Level, msg := Msg, meta := Meta} = Event,
    write(Level, Msg, Meta);
handle(Event, #{id := Id, module := Module} = Handler) ->
    try Module:log(Event, Handler)
    catch _:_ ->
            case remove_handler(Id) of
                ok -> internal_error({removed_failing_handler, Id});
                _ -> ok
            end
    end.

%% An event through filters as OTP applies them: the first `stop` stops
%% it; `ignore` passes it to the next; a filter that returns an event
%% passes that on and decides that it is logged. When no filter decided,
%% `filter_default` does. A filter that crashes or returns anything else
%% is removed.
filtered(Event, #{filters := Filters, filter_default := Default} = Owner) ->
    case apply_filters(Filters, Event, undecided, Owner) of
        stop -> stop;
        {undecided, _} when Default =:= stop -> stop;
        {_, Passed} -> Passed
    end.

apply_filters([], Event, Decision, _) ->
    {Decision, Event};
apply_filters([{Id, {Fun, Args}} | Filters], Event, Decision, Owner) ->
    try Fun(Event, Args) of
        stop -> stop;
        ignore -> apply_filters(Filters, Event, Decision, Owner);
        #{level := L, msg := _, meta := M} = Changed when is_atom(L), is_map(M) ->
            apply_filters(Filters, Changed, decided, Owner);
        _ -> filter_failed(Id, Owner),
             apply_filters(Filters, Event, Decision, Owner)
    catch _:_ ->
            filter_failed(Id, Owner),
            apply_filters(Filters, Event, Decision, Owner)
    end.

%% The logger's own error, written as OTP's logger writes it: a head on
%% standard error, the term by erlang:display/1 on standard output.
internal_error(Term) ->
    erlang:display_string("Logger - error: "),
    erlang:display(Term).

filter_failed(Filter, Owner) ->
    Removed = case Owner of
                  #{id := Handler} -> remove_handler_filter(Handler, Filter);
                  _ -> remove_primary_filter(Filter)
              end,
    case Removed of
        ok -> internal_error({removed_failing_filter, Filter});
        _ -> ok
    end.

write(Level, Msg, Meta) ->
    Event = #{level => Level, msg => Msg, meta => Meta},
    Title = case Meta of
                #{logger_formatter := #{title := T}} -> T;
                _ -> string:uppercase(atom_to_list(Level)) ++ " REPORT"
            end,
    Config = #{template => [msg], single_line => false, legacy_header => false,
               depth => unlimited, chars_limit => unlimited, time_offset => ""},
    Text = try logger_formatter:format(Event, Config)
           catch _:_ -> io_lib:format("~tp", [Msg])
           end,
    erts_internal:write_log(Title, Text).

%%% ---- The configuration ----

%% The configuration as it stands: what the `logger` process last stored,
%% or OTP's default.
config() ->
    Config = persistent_term:get(?CONFIG_KEY, #{primary => #{filter_default => log, filters => [], metadata => #{}},
                                                 handlers => [default_handler()]}),
    #{primary := Primary} = Config,
    Config#{primary := Primary#{level => erts_internal:logger_level()}}.

%% OTP's default handler as `erl` configures it, but writing to standard
%% error, as girder's writer does.
default_handler() ->
    #{id => default, module => logger_std_h, level => all,
      filter_default => stop,
      filters => [{remote_gl, {fun logger_filters:remote_gl/2, stop}},
                  {domain, {fun logger_filters:domain/2, {log, super, [otp, sasl]}}},
                  {no_domain, {fun logger_filters:domain/2, {log, undefined, []}}}],
      formatter => {logger_formatter, #{legacy_header => true, single_line => false}},
      config => #{type => standard_error}}.

get_config() ->
    #{primary := Primary, handlers := Handlers} = config(),
    #{primary => Primary, handlers => Handlers, module_levels => get_module_level()}.

get_primary_config() ->
    maps:get(primary, config()).

set_primary_config(Config) when is_map(Config) ->
    Full = maps:merge(#{level => notice, filter_default => log, filters => [], metadata => #{}}, Config),
    #{level := Level} = Full,
    case check_level(Level) of
        ok -> change_primary(fun(_) -> maps:remove(level, Full) end, Level);
        Error -> Error
    end;
set_primary_config(Config) ->
    {error, {invalid_config, Config}}.

set_primary_config(level, Level) ->
    case check_level(Level) of
        ok -> erts_internal:set_logger_level(Level);
        Error -> Error
    end;
set_primary_config(Key, Value) when Key =:= filter_default; Key =:= filters; Key =:= metadata ->
    change_primary(fun(Primary) -> Primary#{Key => Value} end, keep);
set_primary_config(Key, _) ->
    {error, {invalid_primary_config, Key}}.

update_primary_config(Config) when is_map(Config) ->
    #{primary := Primary} = config(),
    set_primary_config(maps:merge(Primary, Config));
update_primary_config(Config) ->
    {error, {invalid_config, Config}}.

add_primary_filter(Id, Filter) ->
    call({add_filter, primary, Id, Filter}).

remove_primary_filter(Id) ->
    call({remove_filter, primary, Id}).

%% A change of the primary configuration (not the level), checked, and
%% the level set once the rest is stored.
change_primary(Change, Level) ->
    case call({primary, Change}) of
        ok when Level =:= keep -> ok;
        ok -> erts_internal:set_logger_level(Level);
        Error -> Error
    end.

add_handler(Id, Module, Config) when is_atom(Id), is_atom(Module), is_map(Config) ->
    call({add_handler, Id, Module, Config});
add_handler(Id, Module, Config) when not is_atom(Id) ->
    _ = {Module, Config},
    {error, {invalid_id, Id}};
add_handler(_, Module, _) when not is_atom(Module) ->
    {error, {invalid_handler, Module}};
add_handler(_, _, Config) ->
    {error, {invalid_config, Config}}.

remove_handler(Id) ->
    call({remove_handler, Id}).

get_handler_ids() ->
    [Id || #{id := Id} <- maps:get(handlers, config())].

get_handler_config() ->
    maps:get(handlers, config()).

get_handler_config(Id) ->
    case [Handler || #{id := HandlerId} = Handler <- maps:get(handlers, config()), HandlerId =:= Id] of
        [Handler] -> {ok, Handler};
        [] -> {error, {not_found, Id}}
    end.

set_handler_config(Id, Config) when is_map(Config) ->
    call({change_handler, set, Id, fun(#{id := I, module := M}) -> Config#{id => I, module => M} end});
set_handler_config(_, Config) ->
    {error, {invalid_config, Config}}.

set_handler_config(Id, Key, Value) ->
    call({change_handler, set, Id, fun(Handler) -> Handler#{Key => Value} end}).

update_handler_config(Id, Config) when is_map(Config) ->
    call({change_handler, update, Id, fun(Handler) -> maps:merge(Handler, Config) end});
update_handler_config(_, Config) ->
    {error, {invalid_config, Config}}.

update_handler_config(Id, Key, Value) ->
    update_handler_config(Id, #{Key => Value}).

update_formatter_config(Id, Key, Value) ->
    update_formatter_config(Id, #{Key => Value}).

update_formatter_config(Id, Config) when is_map(Config) ->
    case get_handler_config(Id) of
        {ok, #{formatter := {Formatter, Old}}} ->
            set_handler_config(Id, formatter, {Formatter, maps:merge(Old, Config)});
        Error ->
            Error
    end;
update_formatter_config(_, Config) ->
    {error, {invalid_formatter_config, Config}}.

add_handler_filter(Id, FilterId, Filter) ->
    call({add_filter, Id, FilterId, Filter}).

remove_handler_filter(Id, FilterId) ->
    call({remove_filter, Id, FilterId}).

set_module_level(Module, Level) when is_atom(Module) ->
    set_module_level([Module], Level);
set_module_level(Modules, Level) when is_list(Modules) ->
    case {check_level(Level), lists:all(fun erlang:is_atom/1, Modules)} of
        {ok, true} -> erts_internal:set_logger_module_level(Modules, Level);
        {ok, false} -> {error, {not_a_list_of_modules, Modules}};
        {Error, _} -> Error
    end;
set_module_level(Modules, _) ->
    {error, {not_a_list_of_modules, Modules}}.

unset_module_level() ->
    erts_internal:set_logger_module_level([Module || {Module, _} <- get_module_level()], undefined).

unset_module_level(Module) when is_atom(Module) ->
    unset_module_level([Module]);
unset_module_level(Modules) when is_list(Modules) ->
    case lists:all(fun erlang:is_atom/1, Modules) of
        true -> erts_internal:set_logger_module_level(Modules, undefined);
        false -> {error, {not_a_list_of_modules, Modules}}
    end;
unset_module_level(Modules) ->
    {error, {not_a_list_of_modules, Modules}}.

get_module_level() ->
    erts_internal:logger_module_levels().

get_module_level(Module) when is_atom(Module) ->
    get_module_level([Module]);
get_module_level(Modules) when is_list(Modules) ->
    [Pair || {Module, _} = Pair <- get_module_level(), lists:member(Module, Modules)].

set_application_level(App, Level) ->
    case application:get_key(App, modules) of
        {ok, Modules} -> set_module_level(Modules, Level);
        undefined -> {error, {not_loaded, App}}
    end.

unset_application_level(App) ->
    case application:get_key(App, modules) of
        {ok, Modules} -> unset_module_level(Modules);
        undefined -> {error, {not_loaded, App}}
    end.

set_process_metadata(Meta) when is_map(Meta) ->
    _ = put(?METADATA_KEY, Meta),
    ok;
set_process_metadata(Meta) ->
    erlang:error(badarg, [Meta]).

update_process_metadata(Meta) when is_map(Meta) ->
    set_process_metadata(maps:merge(process_metadata(), Meta));
update_process_metadata(Meta) ->
    erlang:error(badarg, [Meta]).

get_process_metadata() ->
    case get(?METADATA_KEY) of
        Meta when is_map(Meta) -> Meta;
        _ -> undefined
    end.

unset_process_metadata() ->
    _ = erase(?METADATA_KEY),
    ok.

process_metadata() ->
    case get(?METADATA_KEY) of
        Meta when is_map(Meta) -> Meta;
        _ -> #{}
    end.

%% `lt`, `eq` or `gt`, as the first level is less severe than the second,
%% as severe, or more; `all` is below every level and `none` above.
compare_levels(Level1, Level2) ->
    case {severity(Level1), severity(Level2)} of
        {S1, S2} when is_integer(S1), is_integer(S2), S1 < S2 -> lt;
        {S, S} when is_integer(S) -> eq;
        {S1, S2} when is_integer(S1), is_integer(S2) -> gt;
        _ -> erlang:error(badarg, [Level1, Level2])
    end.

severity(all) -> 0;
severity(debug) -> 1;
severity(info) -> 2;
severity(notice) -> 3;
severity(warning) -> 4;
severity(error) -> 5;
severity(critical) -> 6;
severity(alert) -> 7;
severity(emergency) -> 8;
severity(none) -> 9;
severity(_) -> undefined.

check_level(Level) ->
    case is_integer(severity(Level)) of
        true -> ok;
        false -> {error, {invalid_level, Level}}
    end.

%%% ---- The `logger` process ----

%% A change, made by the `logger` process (started on first use), so that
%% changes made at once by several processes are made one after another.
%% The process itself (running a handler for the emulator's report) makes
%% its change at once.
call(Request) ->
    case server() of
        Server when Server =:= self() ->
            change(Request, config());
        Server ->
            Ref = erlang:monitor(process, Server),
            Server ! {'$logger_call', self(), Ref, Request},
            receive
                {Ref, Reply} ->
                    erlang:demonitor(Ref, [flush]),
                    Reply;
                {'DOWN', Ref, process, Server, _} ->
                    call(Request)
            end
    end.

server() ->
    case whereis(logger) of
        undefined ->
            Starter = self(),
            {Pid, Ref} = spawn_monitor(fun() -> start_server(Starter) end),
            receive
                {Pid, started} ->
                    erlang:demonitor(Ref, [flush]),
                    Pid;
                {'DOWN', Ref, process, Pid, _} ->
                    server()
            end;
        Server ->
            Server
    end.

%% The `logger` process, unless another took the name first (then this
%% one ends, and its starter finds the other).
start_server(Starter) ->
    try register(logger, self()) of
        true ->
            Starter ! {self(), started},
            serve()
    catch error:badarg ->
            ok
    end.

serve() ->
    receive
        {'$logger_call', From, Ref, sync} ->
            %% Every event sent before this request has been logged.
            From ! {Ref, ok};
        {'$logger_call', From, Ref, Request} ->
            From ! {Ref, change(Request, config())};
        {log, Level, Format, Args, Meta} ->
            %% A crash report from the emulator.
            case logger:allow(Level, undefined) of
                true -> log_allowed(#{}, Level, {Format, Args}, Meta);
                false -> ok
            end;
        _ ->
            ok
    end,
    serve().

%% One change of the configuration, checked, with the handler's callbacks
%% called as OTP calls them; stored when it is made.
change({primary, Change}, #{primary := Primary} = Config) ->
    New = Change(Primary),
    case check_primary(New) of
        ok -> store(Config#{primary := maps:remove(level, New)});
        Error -> Error
    end;
change({add_handler, Id, Module, Config0}, #{handlers := Handlers} = Config) ->
    case lists:member(Id, [I || #{id := I} <- Handlers]) of
        true ->
            {error, {already_exist, Id}};
        false ->
            Handler0 = maps:merge(#{level => all, filter_default => log, filters => [],
                                    formatter => {logger_formatter, #{}}},
                                  Config0#{id => Id, module => Module}),
            case check_handler(Handler0) of
                ok ->
                    stored(callback(Module, adding_handler, [Handler0], {ok, Handler0}),
                           fun(Handler) -> Config#{handlers := [Handler | Handlers]} end);
                Error ->
                    Error
            end
    end;
change({remove_handler, Id}, #{handlers := Handlers} = Config) ->
    case lists:partition(fun(#{id := I}) -> I =:= Id end, Handlers) of
        {[#{module := Module} = Handler], Rest} ->
            _ = callback(Module, removing_handler, [Handler], ok),
            store(Config#{handlers := Rest});
        {[], _} ->
            {error, {not_found, Id}}
    end;
change({change_handler, SetOrUpdate, Id, Change}, #{handlers := Handlers} = Config) ->
    case lists:partition(fun(#{id := I}) -> I =:= Id end, Handlers) of
        {[#{module := Module} = Old], _} ->
            New = Change(Old),
            case {maps:with([id, module], Old), maps:with([id, module], New)} of
                {Same, Same} ->
                    case check_handler(New) of
                        ok ->
                            stored(callback(Module, changing_config, [SetOrUpdate, Old, New], {ok, New}),
                                   fun(Changed) -> Config#{handlers := replace(Id, Changed, Handlers)} end);
                        Error ->
                            Error
                    end;
                {Before, After} ->
                    {error, {illegal_config_change, maps:remove(module, Before), maps:remove(module, After)}}
            end;
        {[], _} ->
            {error, {not_found, Id}}
    end;
change({add_filter, Owner, FilterId, Filter}, Config) ->
    case check_filter({FilterId, Filter}) of
        ok ->
            change_filters(Owner, Config,
                           fun(Filters) ->
                                   case lists:keymember(FilterId, 1, Filters) of
                                       true -> {error, {already_exist, FilterId}};
                                       false -> Filters ++ [{FilterId, Filter}]
                                   end
                           end);
        Error ->
            Error
    end;
change({remove_filter, Owner, FilterId}, Config) ->
    change_filters(Owner, Config,
                   fun(Filters) ->
                           case lists:keymember(FilterId, 1, Filters) of
                               true -> lists:keydelete(FilterId, 1, Filters);
                               false -> {error, {not_found, FilterId}}
                           end
                   end).

change_filters(primary, #{primary := Primary} = Config, Change) ->
    case Change(maps:get(filters, Primary)) of
        {error, _} = Error -> Error;
        Filters -> store(Config#{primary := Primary#{filters := Filters}})
    end;
change_filters(Id, #{handlers := Handlers} = Config, Change) ->
    case [H || #{id := I} = H <- Handlers, I =:= Id] of
        [#{filters := Old} = Handler] ->
            case Change(Old) of
                {error, _} = Error -> Error;
                Filters -> store(Config#{handlers := replace(Id, Handler#{filters := Filters}, Handlers)})
            end;
        [] ->
            {error, {not_found, Id}}
    end.

%% What a handler's callback answered: the handler it gives, stored in the
%% configuration Place makes of it; its error; or anything else, which OTP
%% counts as a crash of the callback.
stored({ok, Handler}, Place) when is_map(Handler) ->
    store(Place(Handler));
stored({error, _} = Error, _) ->
    Error;
stored(Other, _) ->
    {error, {callback_crashed, Other}}.

replace(Id, New, Handlers) ->
    [case H of #{id := Id} -> New; _ -> H end || H <- Handlers].

store(Config) ->
    #{primary := Primary} = Config,
    persistent_term:put(?CONFIG_KEY, Config#{primary := maps:remove(level, Primary)}),
    ok.

%% A handler's callback, when its module exports it; `Default` otherwise.
%% A crash is an error, as OTP reports it.
callback(Module, Function, Args, Default) ->
    _ = code:ensure_loaded(Module),
    case erlang:function_exported(Module, Function, length(Args)) of
        true ->
            try apply(Module, Function, Args)
            catch Class:Reason:Stack -> {error, {callback_crashed, {Class, Reason, Stack}}}
            end;
        false ->
            Default
    end.

check_primary(#{filter_default := Default}) when Default =/= log, Default =/= stop ->
    {error, {invalid_filter_default, Default}};
check_primary(#{metadata := Meta}) when not is_map(Meta) ->
    {error, {invalid_metadata, Meta}};
check_primary(#{filters := Filters}) ->
    check_filters(Filters).

check_handler(#{module := Module, level := Level, filter_default := Default, filters := Filters,
                formatter := Formatter}) ->
    _ = code:ensure_loaded(Module),
    case {erlang:function_exported(Module, log, 2), check_level(Level)} of
        {false, _} ->
            {error, {invalid_handler, {function_not_exported, {Module, log, 2}}}};
        {true, {error, _} = Error} ->
            Error;
        {true, ok} when Default =/= log, Default =/= stop ->
            {error, {invalid_filter_default, Default}};
        {true, ok} ->
            case Formatter of
                {FormatterModule, FormatterConfig} when is_atom(FormatterModule), is_map(FormatterConfig) ->
                    check_filters(Filters);
                _ ->
                    {error, {invalid_formatter, Formatter}}
            end
    end;
check_handler(Handler) ->
    {error, {invalid_config, Handler}}.

check_filters(Filters) when is_list(Filters) ->
    case [F || F <- Filters, check_filter(F) =/= ok] of
        [] -> ok;
        [Bad | _] -> {error, {invalid_filter, Bad}}
    end;
check_filters(Filters) ->
    {error, {invalid_filters, Filters}}.

check_filter({Id, {Fun, _Args}}) when is_atom(Id), is_function(Fun, 2) ->
    ok;
check_filter({Id, Filter}) ->
    {error, {invalid_filter, {Id, Filter}}};
check_filter(Filter) ->
    {error, {invalid_filter, Filter}}.

%% A report as OTP's logger:format_report/1 gives it: a printable
%% string as it is; otherwise one line an element, `    Key: Value` for a
%% pair (a string value as text, anything else printed) and `    Term` for
%% anything else.
format_report(Report) when is_map(Report) ->
    format_report(maps:to_list(Report));
format_report([]) ->
    {"~tp", [[]]};
format_report(Report) when is_list(Report) ->
    Flat = lists:flatten(Report),
    case io_lib:printable_unicode_list(Flat) of
        true -> {"~ts", [Flat]};
        false -> report_lines(Report, [], [])
    end;
format_report(Report) ->
    {"~tp", [Report]}.

report_lines([{Key, Value} | Rest], Formats, Args) ->
    Control = case io_lib:printable_unicode_list(Value) andalso Value =/= [] of
                  true -> "    ~tp: ~ts";
                  false -> "    ~tp: ~tp"
              end,
    report_lines(Rest, [Control | Formats], [Value, Key | Args]);
report_lines([Term | Rest], Formats, Args) ->
    report_lines(Rest, ["    ~tp" | Formats], [Term | Args]);
report_lines([], Formats, Args) ->
    {lists:append(lists:join("\n", lists:reverse(Formats))), lists:reverse(Args)}.

%% The stack trace up to the frame of Module:Function/Arity.
filter_stacktrace(Module, Stacktrace) when is_atom(Module) ->
    lists:takewhile(fun({M, _, _, _}) -> M =/= Module end, Stacktrace);
filter_stacktrace({Module, Function, Arity}, Stacktrace) ->
    lists:takewhile(fun({M, F, A, _}) -> {M, F, A} =/= {Module, Function, Arity} end, Stacktrace).
