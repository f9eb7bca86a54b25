%% spawn_monitor/1 and spawn_monitor/3 return {Pid, Ref}; when the process
%% ends, {'DOWN', Ref, process, Pid, Reason} arrives.
-module(spawn_monitor_down).
-export([main/1, id/1, leave/1]).

main(_) ->
    {Pid1, Ref1} = spawn_monitor(fun() -> exit(id(gone)) end),
    receive {'DOWN', Ref1, process, Pid1, R1} -> p({down, is_reference(Ref1), R1}) end,
    {Pid2, Ref2} = spawn_monitor(spawn_monitor_down, leave, [id(also_gone)]),
    receive {'DOWN', Ref2, process, Pid2, R2} -> p({down, R2}) end,
    {Pid3, Ref3} = spawn_monitor(fun() -> done end),
    receive {'DOWN', Ref3, process, Pid3, R3} -> p({down, R3}) end.

leave(Reason) -> exit(Reason).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
