-module(aliases).
-export([main/1]).

%% Aliases: alias/0,1, unalias/1, sends to an alias, and monitor/3.
main(_) ->
    A = alias(),
    A ! one,
    io:format("~p~n", [receive M -> M after 1000 -> timeout end]),
    true = unalias(A),
    false = unalias(A),
    A ! two,
    io:format("~p~n", [receive M2 -> M2 after 100 -> dropped end]),
    %% A message sent before unalias is dropped when handled after it.
    B = alias(),
    B ! three, unalias(B),
    io:format("~p~n", [receive M3 -> M3 after 100 -> dropped end]),
    %% reply: the first message deactivates it.
    R = alias([reply]),
    R ! r1, R ! r2,
    io:format("~p~n", [flush_all()]),
    io:format("~p~n", [unalias(R)]),
    %% A plain reference is no alias: the message is dropped.
    make_ref() ! nothing,
    io:format("~p~n", [is_reference(A)]),
    %% An alias equals a plain copy of its reference.
    io:format("~p~n", [binary_to_term(term_to_binary(A)) =:= A]),
    %% From another process.
    C = alias(),
    Self = self(),
    spawn(fun() -> C ! {from, Self =/= self()} end),
    io:format("~p~n", [receive M4 -> M4 after 1000 -> timeout end]),
    %% monitor/3 with {alias, demonitor}: active until demonitor.
    P = spawn(fun() -> receive stop -> ok end end),
    Mon = erlang:monitor(process, P, [{alias, demonitor}]),
    Mon ! via_monitor,
    io:format("~p~n", [receive M5 -> M5 after 1000 -> timeout end]),
    true = erlang:demonitor(Mon),
    Mon ! after_demonitor,
    io:format("~p~n", [receive M6 -> M6 after 100 -> dropped end]),
    %% {alias, demonitor}: the 'DOWN' message deactivates it too.
    Mon2 = erlang:monitor(process, P, [{alias, demonitor}]),
    P ! stop,
    receive {'DOWN', Mon2, process, P, normal} -> ok end,
    Mon2 ! after_down,
    io:format("~p~n", [receive M7 -> M7 after 100 -> dropped end]),
    %% reply_demonitor: the first reply removes the monitor.
    Q = spawn(fun() -> receive {To, Tag} -> To ! {Tag, reply}, receive stop -> ok end end end),
    Mon3 = erlang:monitor(process, Q, [{alias, reply_demonitor}]),
    Q ! {Mon3, tag},
    io:format("~p~n", [receive {tag, _} = M8 -> M8 after 1000 -> timeout end]),
    io:format("~p~n", [erlang:demonitor(Mon3, [info])]),
    exit(Q, kill),
    %% {tag, Tag}: the 'DOWN' message carries the tag.
    W = spawn(fun() -> receive stop -> exit(bye) end end),
    Mon4 = erlang:monitor(process, W, [{tag, {my, tag}}]),
    W ! stop,
    receive {{my, tag}, Mon4, process, W, Reason} -> io:format("tagged down ~p~n", [Reason]) end,
    Mon5 = erlang:monitor(process, W, [{tag, gone}]),
    receive {gone, Mon5, process, W, Reason2} -> io:format("tagged noproc ~p~n", [Reason2]) end,
    %% demonitor with flush removes a tagged 'DOWN'.
    V = spawn(fun() -> ok end),
    Mon6 = erlang:monitor(process, V, [{tag, t}]),
    timer:sleep(50),
    erlang:demonitor(Mon6, [flush]),
    io:format("~p~n", [flush_all()]),
    %% Bad options.
    io:format("~p~n", [catch_error(fun() -> alias([bad]) end)]),
    io:format("~p~n", [catch_error(fun() -> alias(x) end)]),
    io:format("~p~n", [catch_error(fun() -> unalias(x) end)]),
    io:format("~p~n", [catch_error(fun() -> erlang:monitor(process, self(), [{alias, bad}]) end)]),
    io:format("~p~n", [catch_error(fun() -> erlang:monitor(process, self(), [bad]) end)]),
    io:format("~p~n", [catch_error(fun() -> erlang:monitor(process, self(), x) end)]),
    %% send/3.
    io:format("~p~n", [erlang:send(self(), s3, [noconnect, nosuspend])]),
    io:format("~p~n", [flush_all()]),
    io:format("~p~n", [catch_error(fun() -> erlang:send(self(), s3, [bad]) end)]),
    ok.

flush_all() ->
    receive M -> [M | flush_all()] after 50 -> [] end.

catch_error(F) ->
    try F() of V -> {value, V} catch C:R -> {C, R} end.
