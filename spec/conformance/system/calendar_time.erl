%% Local and universal time: localtime/0, universaltime/0, date/0, time/0
%% give valid dates (and calendar's functions over them work); converting
%% a date from local time to UTC and back gives it back; invalid dates,
%% years before 1902 or after 2147483646, and bad arguments are badarg.
%% Nothing printed depends on the time zone.
-module(calendar_time).
-export([main/1, id/1]).

main(_) ->
    {{Y, Mo, D}, {H, Mi, S}} = Local = erlang:localtime(),
    p({localtime, calendar:valid_date(Y, Mo, D), H < 24, Mi < 60, S < 60}),
    Universal = erlang:universaltime(),
    p({universaltime, calendar:valid_date(element(1, Universal))}),
    Offset = calendar:datetime_to_gregorian_seconds(Local) - calendar:datetime_to_gregorian_seconds(Universal),
    p({offset_within_a_day, abs(Offset) =< 14 * 3600 + 60}),
    p({date, calendar:valid_date(date())}),
    {H2, Mi2, S2} = time(),
    p({time, H2 < 24, Mi2 < 60, S2 < 60}),
    p({calendar, calendar:valid_date(element(1, calendar:local_time())),
       calendar:valid_date(element(1, calendar:universal_time()))}),
    Days = [{{2024, 1, 15}, {12, 0, 0}}, {{2024, 7, 15}, {12, 30, 45}}, {{1970, 1, 1}, {12, 0, 0}},
            {{2000, 2, 29}, {12, 0, 0}}, {{1999, 12, 31}, {12, 59, 59}}, {{2100, 6, 1}, {12, 0, 0}},
            {{100000, 6, 1}, {12, 0, 0}}],
    p([erlang:universaltime_to_localtime(erlang:localtime_to_universaltime(Day)) =:= Day || Day <- Days]),
    p([erlang:localtime_to_universaltime(erlang:universaltime_to_localtime(Day)) =:= Day || Day <- Days]),
    p([erlang:localtime_to_universaltime(Day, undefined) =:= erlang:localtime_to_universaltime(Day)
       || Day <- Days]),
    p([length(calendar:local_time_to_universal_time_dst(Day)) || Day <- Days]),
    Bad = [{{2024, 2, 30}, {0, 0, 0}}, {{2023, 2, 29}, {0, 0, 0}}, {{1900, 2, 29}, {0, 0, 0}},
           {{2024, 13, 1}, {0, 0, 0}}, {{2024, 0, 1}, {0, 0, 0}}, {{2024, 1, 0}, {0, 0, 0}},
           {{2024, 4, 31}, {0, 0, 0}}, {{2024, 1, 1}, {24, 0, 0}}, {{2024, 1, 1}, {0, 60, 0}},
           {{2024, 1, 1}, {0, 0, 60}}, {{2024, 1, 1}, {-1, 0, 0}}, {{1901, 12, 31}, {23, 59, 59}},
           {{2147483647, 1, 1}, {0, 0, 0}}, {{2024.0, 1, 1}, {0, 0, 0}}, {{2024, 1, 1}, {0, 0}},
           {{2024, 1, 1}, {0, 0, 0}, x}, x, [{2024, 1, 1}, {0, 0, 0}]],
    p([{t(fun() -> erlang:localtime_to_universaltime(id(B)) end),
        t(fun() -> erlang:universaltime_to_localtime(id(B)) end)} || B <- Bad]),
    p([t(fun() -> erlang:localtime_to_universaltime(id({{2024, 1, 1}, {0, 0, 0}}), id(IsDst)) end)
       || IsDst <- [true, false, undefined, maybe, 1]]),
    p({earliest, t(fun() -> erlang:localtime_to_universaltime(id({{1902, 6, 1}, {12, 0, 0}})) end),
       t(fun() -> erlang:universaltime_to_localtime(id({{1902, 1, 1}, {0, 0, 0}})) end)}),
    p({latest, t(fun() -> erlang:universaltime_to_localtime(id({{2147483646, 6, 1}, {12, 0, 0}})) end)}).

t(F) ->
    try F() of
        {{_, _, _}, {_, _, _}} -> datetime;
        Other -> {returned, Other}
    catch
        C:R -> {C, R}
    end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
