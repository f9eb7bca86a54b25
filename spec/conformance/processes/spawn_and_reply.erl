%% spawn/1 (a fun) and spawn/3 (module, function, arguments) start
%% processes that reply to the pid they were given.
-module(spawn_and_reply).
-export([main/1, id/1, echo/2]).

main(_) ->
    Parent = self(),
    Pid1 = spawn(fun() -> Parent ! {self(), from_fun} end),
    receive {Pid1, M1} -> p({is_pid(Pid1), Pid1 =/= self(), M1}) end,
    Pid2 = spawn(spawn_and_reply, echo, [Parent, id(from_mfa)]),
    receive {Pid2, M2} -> p(M2) end,
    Pid3 = spawn(fun() -> receive {From, N} -> From ! {doubled, 2 * N} end end),
    Pid3 ! {self(), id(21)},
    receive {doubled, D} -> p(D) end.

echo(To, Msg) -> To ! {self(), Msg}.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
