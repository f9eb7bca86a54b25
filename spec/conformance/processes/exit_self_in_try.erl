%% exit(self(), Reason) inside a try: the exit signal ends the process at
%% once, whatever the reason (kill, foo, even normal), and no catch sees it:
%% an exit signal is not an exception. A monitor reports each end.
-module(exit_self_in_try).
-export([main/1, t/1, body/1]).

main(_) ->
    t(kill),
    t(foo),
    t(normal).

t(R) ->
    P = spawn(exit_self_in_try, body, [R]),
    Ref = monitor(process, P),
    receive {'DOWN', Ref, _, _, Why} -> io:format("down ~p~n", [Why]) end.

body(R) ->
    try
        exit(self(), R),
        io:format("after ~p~n", [R])
    catch
        C:E -> io:format("caught ~p ~p~n", [C, E])
    end,
    io:format("still ~p~n", [R]).
