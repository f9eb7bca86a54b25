%% spawn, send and receive, as in Elixir's guide: a spawned process runs
%% its function and exits (a monitor's 'DOWN' message tells when, and then
%% it is no longer alive), while self() is; a message sent to self() is
%% taken by the receive clause that matches it; a child sends its own pid
%% back to its parent.
-module(send_receive).
-export([main/1, add/0, say_hello/1]).

add() ->
    1 + 2.

say_hello(Parent) ->
    Parent ! {hello, self()}.

main(_) ->
    {Pid, Ref} = spawn_monitor(send_receive, add, []),
    receive
        {'DOWN', Ref, process, Pid, normal} -> ok
    end,
    io:format("~p~n", [is_process_alive(Pid)]),
    io:format("~p~n", [is_process_alive(self())]),
    self() ! {hello, "world"},
    receive
        {hello, Msg} -> io:format("~p~n", [Msg]);
        {world, _Msg} -> io:format("won't match~n")
    end,
    Parent = self(),
    Child = spawn(send_receive, say_hello, [Parent]),
    receive
        {hello, Child} -> io:format("Got hello from ~p~n", [Child])
    end.
