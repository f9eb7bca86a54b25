-module(otp_runtime).
-export([main/1]).

%% What OTP's behaviours call besides the process features: the logger's
%% level check and primary configuration, yield/0, garbage_collect/1, init's
%% arguments and io's printable range and terminal size.
main(_) ->
    io:format("~p ~p ~p~n", [logger:allow(error, ?MODULE), logger:allow(notice, ?MODULE), logger:allow(info, ?MODULE)]),
    #{level := Level} = logger:get_primary_config(),
    io:format("~p~n", [Level]),
    ok = logger:set_primary_config(level, none),
    io:format("~p ~p~n", [logger:allow(emergency, ?MODULE), maps:get(level, logger:get_primary_config())]),
    ok = logger:error("not printed: the level is none"),
    ok = logger:set_primary_config(level, all),
    io:format("~p~n", [logger:allow(debug, ?MODULE)]),
    ok = logger:set_primary_config(level, notice),
    io:format("~p~n", [logger:set_primary_config(level, loud)]),
    io:format("~p~n", [catch_error(fun() -> logger:allow(loud, ?MODULE) end)]),
    io:format("~p~n", [erlang:yield()]),
    P = spawn(fun() -> receive stop -> ok end end),
    io:format("~p~n", [erlang:garbage_collect(P)]),
    P ! stop,
    Ref = monitor(process, P),
    receive {'DOWN', Ref, process, P, _} -> ok end,
    io:format("~p ~p~n", [erlang:garbage_collect(P), erlang:garbage_collect()]),
    io:format("~p~n", [catch_error(fun() -> erlang:garbage_collect(x) end)]),
    io:format("~p ~p~n", [element(1, init:get_argument(home)), init:get_argument(no_such_flag)]),
    io:format("~p~n", [lists:keymember(home, 1, init:get_arguments())]),
    io:format("~p ~p ~p~n", [io:printable_range(), io:columns(), io:rows()]),
    io:format("~p~n", [io_lib:printable_list("héllo")]).

catch_error(F) ->
    try F() of V -> {value, V} catch C:R -> {C, R} end.
