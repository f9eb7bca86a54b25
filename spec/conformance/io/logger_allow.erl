%% logger:allow/2, the check every logging macro makes first: whether an
%% event of a level passes the primary level, notice by default, and after
%% logger:set_primary_config/2 changes it. Nothing is logged.
-module(logger_allow).
-export([main/1]).

main(_) ->
    Levels = [emergency, alert, critical, error, warning, notice, info, debug],
    p([logger:allow(Level, ?MODULE) || Level <- Levels]),
    ok = logger:set_primary_config(level, error),
    p([logger:allow(Level, ?MODULE) || Level <- Levels]),
    ok = logger:set_primary_config(level, all),
    p([logger:allow(Level, ?MODULE) || Level <- Levels]),
    ok = logger:set_primary_config(level, none),
    p([logger:allow(Level, ?MODULE) || Level <- Levels]),
    p(maps:get(level, logger:get_primary_config())),
    ok = logger:set_primary_config(level, notice),
    p(maps:get(level, logger:get_primary_config())),
    p(try logger:set_primary_config(level, loud) catch C:R -> {C, R} end).

p(Term) -> io:format("~p~n", [Term]).
