%% logger.erl: girder's own `logger`, the API of Erlang/OTP's logger with
%% the behaviour of its default configuration: a primary level (`notice`
%% unless set), OTP's default handler's filters, and reports formatted by
%% OTP's own `logger_formatter` and written to standard error under the
%% `=ERROR REPORT==== Time ===` head that handler prints.
%%
%% OTP's logger keeps its configuration in ETS tables and its handlers in
%% processes of the `kernel` application; girder keeps the primary level in
%% the VM (`logger:allow/2` is a BIF, as fast as the check in every
%% `?LOG_ERROR` macro must be) and has one handler, the default one.
%% ARCHITECTURE.md says why.
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
         update_primary_config/1,
         format_report/1, filter_stacktrace/2]).

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

%% The event, made and filtered as OTP's default handler filters it:
%% events of another node's group leader, and events of a domain that is
%% not a prefix of [otp, sasl], are not printed.
log_allowed(Location, Level, Msg0, Meta0) ->
    case message(Msg0) of
        {Msg, FunMeta} ->
            Default = #{pid => self(), gl => group_leader(), time => erlang:system_time(microsecond)},
            Meta = maps:merge(maps:merge(maps:merge(Default, Location), Meta0), FunMeta),
            case printed(Meta) of
                true -> write(Level, Msg, Meta);
                false -> ok
            end;
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

printed(#{gl := GroupLeader}) when node(GroupLeader) =/= node() ->
    false;
printed(#{domain := Domain}) when is_list(Domain) ->
    lists:prefix(Domain, [otp, sasl]);
printed(_) ->
    true.

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

get_primary_config() ->
    #{level => erts_internal:logger_level(), filter_default => log, filters => [], metadata => #{}}.

set_primary_config(Config) when is_map(Config) ->
    maps:fold(fun(Key, Value, ok) -> set_primary_config(Key, Value);
                 (_, _, Error) -> Error
              end, ok, Config).

set_primary_config(level, Level) ->
    case lists:member(Level, [emergency, alert, critical, error, warning, notice, info, debug, all, none]) of
        true -> erts_internal:set_logger_level(Level);
        false -> {error, {invalid_level, Level}}
    end;
set_primary_config(Key, Value) when Key =:= filter_default; Key =:= filters; Key =:= metadata ->
    {error, {not_supported, {Key, Value}}};
set_primary_config(Key, _) ->
    {error, {invalid_config, Key}}.

update_primary_config(Config) ->
    set_primary_config(Config).

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
