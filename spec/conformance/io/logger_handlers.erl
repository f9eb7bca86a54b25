%% Logger's handlers and filters, as Elixir's Logger and OTP's own code
%% use them: add_handler/3 with its callbacks and defaults, levels and
%% filters (primary and a handler's), process metadata, the levels of
%% single modules, a handler that crashes (removed, with a message on
%% standard error), and a process's crash reaching the handlers as the
%% emulator's event. OTP's default handler is removed first, so that
%% nothing is printed but what the case's handler prints, in order.
-module(logger_handlers).
-export([main/1, log/2, adding_handler/1, removing_handler/1, changing_config/3, filter/2]).

log(#{msg := {string, "crash the handler"}}, _) ->
    error(handler_bug);
log(#{level := Level, msg := Msg, meta := Meta}, #{id := Id} = Config) ->
    case Meta of
        #{error_logger := #{emulator := true}} ->
            {Format, [Pid, {Reason, _Stack}]} = Msg,
            logger_handlers_main ! {emulator, Id, Level, Format, Pid, Reason, maps:get(error_logger, Meta)};
        _ ->
            p({Id, Level, Msg, maps:with([who, extra, marks], maps:merge(Meta, maps:with([marks], Config)))})
    end.

adding_handler(Config) ->
    p({adding, lists:sort(maps:keys(Config))}),
    {ok, Config#{marks => added}}.

%% Told to the main process, which prints it: OTP's removal message below
%% goes straight to standard output and would race with this one.
removing_handler(#{id := Id, marks := Marks}) ->
    logger_handlers_main ! {removing, Id, Marks},
    ok.

changing_config(SetOrUpdate, #{level := Old}, #{level := New} = Config) ->
    p({changing, SetOrUpdate, Old, New}),
    {ok, Config}.

filter(#{msg := {string, "drop"}}, _) -> stop;
filter(#{msg := {string, "change"}} = Event, Tag) -> Event#{msg := {string, Tag}};
filter(_, _) -> ignore.

main(_) ->
    register(logger_handlers_main, self()),
    p(logger:get_handler_ids()),
    {ok, Default} = logger:get_handler_config(default),
    p(maps:with([id, module, level, filter_default], Default)),
    ok = logger:remove_handler(default),
    p(logger:get_handler_ids()),
    p(logger:add_handler(h, ?MODULE, #{config => #{a => 1}})),
    {ok, H} = logger:get_handler_config(h),
    p(H),
    p(logger:add_handler(h, ?MODULE, #{})),
    p(logger:add_handler(nomod, no_such_module, #{})),
    p(logger:add_handler("h", ?MODULE, #{})),
    p(logger:add_handler(bad, ?MODULE, #{level => loud})),
    p(logger:get_handler_config(nope)),
    p(logger:remove_handler(nope)),
    p(logger:set_handler_config(h, level, warning)),
    p(logger:update_handler_config(h, #{level => info})),
    p(logger:update_handler_config(h, config, #{b => 2})),
    p(logger:set_handler_config(h, id, other)),
    p(logger:set_handler_config(h, level, loud)),
    {ok, #{config := Config}} = logger:get_handler_config(h),
    p(Config),
    logger:notice("hello"),
    logger:debug("not logged: below the primary level"),
    logger:info("not logged: the primary level is notice"),
    ok = logger:set_primary_config(level, all),
    logger:info("info, with the primary level all"),
    logger:debug("not logged: below the handler's level"),
    p(logger:add_handler_filter(h, f, {fun ?MODULE:filter/2, "changed by the handler's filter"})),
    p(logger:add_handler_filter(h, f, {fun ?MODULE:filter/2, x})),
    p(logger:add_handler_filter(h, g, bad)),
    logger:notice("drop"),
    logger:notice("change"),
    p(logger:remove_handler_filter(h, f)),
    p(logger:remove_handler_filter(h, f)),
    p(logger:add_primary_filter(pf, {fun ?MODULE:filter/2, "changed by the primary filter"})),
    logger:notice("drop"),
    logger:notice("change"),
    p(logger:remove_primary_filter(pf)),
    p(logger:set_primary_config(filter_default, maybe)),
    p(logger:set_primary_config(metadata, #{who => primary})),
    logger:notice("primary metadata"),
    p(logger:get_process_metadata()),
    ok = logger:set_process_metadata(#{who => process}),
    ok = logger:update_process_metadata(#{extra => 1}),
    p(logger:get_process_metadata()),
    logger:notice("process metadata over primary"),
    logger:notice("call metadata over both", #{who => call}),
    ok = logger:unset_process_metadata(),
    p(logger:get_process_metadata()),
    ok = logger:update_primary_config(#{metadata => #{}}),
    p(logger:get_primary_config()),
    ok = logger:set_primary_config(level, notice),
    p([logger:compare_levels(A, B) || A <- [debug, error, all, none], B <- [info, all, none]]),
    p(try logger:compare_levels(loud, info) catch C:R -> {C, R} end),
    p(logger:get_module_level()),
    p(logger:set_module_level(?MODULE, debug)),
    p(logger:set_module_level([?MODULE, lists], all)),
    p(logger:get_module_level()),
    p(logger:get_module_level(lists)),
    p(logger:set_module_level(?MODULE, loud)),
    p([logger:allow(debug, M) || M <- [?MODULE, lists, maps]]),
    p(logger:unset_module_level(lists)),
    p(logger:get_module_level()),
    ok = logger:set_module_level(?MODULE, error),
    p([logger:allow(L, ?MODULE) || L <- [error, warning, notice]]),
    p(logger:unset_module_level()),
    p(logger:get_module_level()),
    p(logger:set_application_level(no_such_application, info)),
    %% A process's crash, as the emulator reports it.
    Pid = spawn(fun() -> error(crashed_on_purpose) end),
    receive
        {emulator, Id, Level, Format, Pid, Reason, Tag} -> p({emulator, Id, Level, Format, Reason, Tag})
    after 5000 ->
        p(no_report)
    end,
    %% A handler that crashes is removed. OTP writes its message with
    %% erlang:display/1, straight to standard output, ahead of output
    %% still on its way through the I/O server: the pause lets that go first.
    timer:sleep(200),
    logger:notice("crash the handler"),
    removed(),
    p(logger:get_handler_ids()),
    p(logger:add_handler(h, ?MODULE, #{})),
    p(logger:remove_handler(h)),
    removed(),
    p(logger:get_handler_ids()).

removed() ->
    receive {removing, _, _} = Removing -> p(Removing) after 5000 -> p(not_removed) end.

p(Term) -> io:format("~p~n", [Term]).
