%% With trap_exit set, a linked process started by spawn_link/1 or
%% spawn_link/3 that exits delivers {'EXIT', Pid, Reason} as a message.
-module(spawn_link_exit_trapped).
-export([main/1, id/1, leave/1]).

main(_) ->
    process_flag(trap_exit, true),
    Pid1 = spawn_link(fun() -> exit(id(first_reason)) end),
    receive {'EXIT', Pid1, R1} -> p({exit, R1}) end,
    Pid2 = spawn_link(spawn_link_exit_trapped, leave, [id(second_reason)]),
    receive {'EXIT', Pid2, R2} -> p({exit, R2}) end,
    Pid3 = spawn_link(fun() -> ok end),
    receive {'EXIT', Pid3, R3} -> p({exit, R3}) end.

leave(Reason) -> exit(Reason).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
