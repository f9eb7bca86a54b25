%% EUnit tests of kv_server, run by OTP's own EUnit: `girder run
%% examples/otp/kv_server_tests.erl` runs eunit:test(kv_server, [verbose])
%% (kv_server.erl, beside this file, is compiled when first called), and
%% EUnit finds this module by its name.
%% One test fails on purpose, to show how EUnit reports a failure.
-module(kv_server_tests).
-include_lib("eunit/include/eunit.hrl").

-export([main/1]).

main(_) ->
    eunit:test(kv_server, [verbose]).

%% Each test gets a fresh server, stopped after it.
server_test_() ->
    {foreach,
     fun() -> {ok, Pid} = kv_server:start_link(), unlink(Pid), Pid end,
     fun(Pid) -> gen_server:stop(Pid) end,
     [{"a key put is found", fun put_then_get/0},
      {"a missing key is not found", fun missing/0},
      {"a later put replaces the value", fun replace/0},
      {"what a test prints is captured", fun prints/0}]}.

put_then_get() ->
    ok = kv_server:put(colour, blue),
    ?assertEqual({ok, blue}, kv_server:get(colour)).

missing() ->
    ?assertEqual(error, kv_server:get(shape)).

replace() ->
    kv_server:put(size, 1),
    kv_server:put(size, 2),
    ?assertMatch({ok, 2}, kv_server:get(size)).

prints() ->
    io:format("a line no one sees~n"),
    ?assert(is_pid(whereis(kv_server))).

%% This one fails on purpose.
wrong_expectation_test() ->
    ?assertEqual(42, lists:sum([6, 7, 29, 1])).

name_test_() ->
    [?_assert(is_atom(kv_server)), ?_assertNot(is_pid(kv_server))].
