-module(new_errors).
-export([main/1, id/1]).

%% ets:new/2's errors, each badarg: a name that is not an atom, options
%% that are not a proper list, an unknown option, the concurrency options
%% as bare atoms or with a value not allowed, a keypos not a positive
%% integer, a malformed heir; a second named table of a name in use, which
%% is free again once that table is deleted (an unnamed table of the same
%% name does not hold it). ets:info/1,2 of a name no table has is
%% undefined; of an unknown item or a term that is no table, badarg.

id(X) -> X.

t(What, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [What, R]).

main(_) ->
    t("new(\"t\", [])", fun() -> ets:new(id("t"), []) end),
    t("new(17, [])", fun() -> ets:new(id(17), []) end),
    t("new(t, set)", fun() -> ets:new(t, id(set)) end),
    t("new(t, [set | public])", fun() -> ets:new(t, id([set | public])) end),
    t("new(t, [no_such_option])", fun() -> ets:new(t, id([no_such_option])) end),
    t("new(t, [{no_such_option, true}])", fun() -> ets:new(t, id([{no_such_option, true}])) end),
    t("new(t, [read_concurrency])", fun() -> ets:new(t, id([read_concurrency])) end),
    t("new(t, [write_concurrency])", fun() -> ets:new(t, id([write_concurrency])) end),
    t("new(t, [{read_concurrency, yes}])", fun() -> ets:new(t, id([{read_concurrency, yes}])) end),
    t("new(t, [{write_concurrency, maybe}])", fun() -> ets:new(t, id([{write_concurrency, maybe}])) end),
    t("new(t, [{keypos, 0}])", fun() -> ets:new(t, id([{keypos, 0}])) end),
    t("new(t, [{keypos, -1}])", fun() -> ets:new(t, id([{keypos, -1}])) end),
    t("new(t, [{keypos, 1.0}])", fun() -> ets:new(t, id([{keypos, 1.0}])) end),
    t("new(t, [{keypos, a}])", fun() -> ets:new(t, id([{keypos, a}])) end),
    t("new(t, [{heir, self()}])", fun() -> ets:new(t, id([{heir, self()}])) end),
    t("new(t, [{heir, not_a_pid, data}])", fun() -> ets:new(t, id([{heir, not_a_pid, data}])) end),
    t("new(t, [{heir, none, data}])", fun() -> ets:new(t, id([{heir, none, data}])) end),
    t("new(t, [{compressed, true}])", fun() -> ets:new(t, id([{compressed, true}])) end),
    %% A name in use by a named table.
    t("new(new_errors_tab, [named_table])", fun() -> ets:new(new_errors_tab, [named_table]) end),
    t("new(new_errors_tab, [named_table])", fun() -> ets:new(new_errors_tab, [named_table]) end),
    t("new(new_errors_tab, [named_table, bag, public])", fun() -> ets:new(new_errors_tab, [named_table, bag, public]) end),
    t("info(new_errors_tab, type)", fun() -> ets:info(new_errors_tab, type) end),
    t("delete(new_errors_tab)", fun() -> ets:delete(new_errors_tab) end),
    t("new(new_errors_tab, [named_table, bag])", fun() -> ets:new(new_errors_tab, [named_table, bag]) end),
    t("info(new_errors_tab, type)", fun() -> ets:info(new_errors_tab, type) end),
    %% An unnamed table's name is no one's.
    U = ets:new(new_errors_other, []),
    t("new(new_errors_other, [named_table])", fun() -> ets:new(new_errors_other, [named_table]) end),
    t("info(new_errors_other, named_table)", fun() -> ets:info(new_errors_other, named_table) end),
    t("info(U, named_table)", fun() -> ets:info(U, named_table) end),
    %% info/1,2 of what is not a table.
    t("info(no_table_of_this_name)", fun() -> ets:info(id(no_table_of_this_name)) end),
    t("info(no_table_of_this_name, size)", fun() -> ets:info(id(no_table_of_this_name), size) end),
    t("info(U, no_such_item)", fun() -> ets:info(U, id(no_such_item)) end),
    t("info(42, size)", fun() -> ets:info(id(42), size) end),
    t("info({a, b})", fun() -> ets:info(id({a, b})) end),
    ok.
