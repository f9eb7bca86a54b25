%% Every form of test the exercism driver expands, as EUnit does: 26
%% tests, of which one fails on purpose. EUnit's own counts must agree.
-module(forms_tests).

-include_lib("erl_exercism/include/exercism.hrl").
-include_lib("eunit/include/eunit.hrl").

-export([helper/0, helper/1]).

helper() -> ?assertEqual(2, forms:add(1, 1)).

%% Not a test: it takes an argument.
helper(_) -> erlang:error(not_a_test).

plain_test() -> ?assertEqual(3, forms:add(1, 2)).

failing_test() -> ?assertEqual(4, forms:add(1, 2)).

line_test_() -> ?_assert(forms:add(0, 0) =:= 0).

list_test_() -> [?_assertEqual(2, forms:add(1, 1)), [?_test(ok)], fun() -> ok end, []].

described_test_() ->
    {"adds", [?_assertEqual(5, forms:add(2, 3)), {"nested", ?_assert(true)}]}.

binary_description_test_() -> {<<"a binary description">>, ?_assert(true)}.

setup_test_() ->
    {setup, fun() -> 10 end, fun(10) -> ok end, fun(X) -> [?_assertEqual(10, X)] end}.

setup_with_test_() ->
    {setup, fun() -> 7 end,
     {with, [fun(X) -> ?assertEqual(7, X) end, fun(X) -> ?assert(X > 0) end]}}.

setup_where_test_() -> {setup, spawn, fun() -> ok end, fun(ok) -> ?_assert(true) end}.

foreach_test_() ->
    {foreach, fun() -> 1 end, fun(_) -> ok end,
     [fun(X) -> ?_assertEqual(1, X) end,
      fun(X) -> [?_assert(X > 0), ?_assert(is_integer(X))] end]}.

foreach_where_test_() ->
    {foreach, local, fun() -> ok end, fun(_) -> ok end, [fun(ok) -> ?_assert(true) end]}.

with_test_() -> {with, 3, [fun(X) -> ?assertEqual(3, X) end]}.

generator_test_() -> {generator, fun() -> [?_assert(true), ?_assert(true)] end}.

module_function_test_() -> [{forms_tests, helper}, {test, forms_tests, helper}].

wrappers_test_() ->
    {timeout, 10, {inorder, {inparallel, [{spawn, ?_assert(true)}, {inparallel, 2, [?_assert(true)]}]}}}.

error_test_() -> ?_assertError(badarith, forms:add(a, 1)).

process_test() ->
    Self = self(),
    Pid = spawn(fun() -> Self ! {self(), forms:add(20, 22)} end),
    receive {Pid, Sum} -> ?assertEqual(42, Sum) end.
