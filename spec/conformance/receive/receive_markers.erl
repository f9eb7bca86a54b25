%% A receive that matches a reference made just before skips the messages
%% that were already in the mailbox (erlc marks the mailbox with
%% recv_marker_reserve, binds the mark to the reference and starts the
%% receive there with recv_marker_use); the older messages stay, in order.
-module(receive_markers).
-export([main/1, echo/0]).

main(_) ->
    fill(self(), 3),
    Echo = spawn(?MODULE, echo, []),
    p(call(Echo, hello)),
    p(call(Echo, world)),
    p(poll(Echo)),
    p(drain([])).

call(Server, Request) ->
    Ref = make_ref(),
    Server ! {self(), Ref, Request},
    receive
        {Ref, Reply} -> Reply
    end.

poll(Server) ->
    Ref = make_ref(),
    Server ! {self(), Ref, ignore},
    receive
        {Ref, Reply} -> Reply
    after 0 -> timeout
    end.

echo() ->
    receive
        {From, Ref, ignore} -> From ! {late, Ref}, echo();
        {From, Ref, Request} -> From ! {Ref, {echoed, Request}}, echo()
    end.

fill(_, 0) -> ok;
fill(To, N) -> To ! {noise, N}, fill(To, N - 1).

drain(Acc) ->
    receive
        {late, _} -> drain(Acc);
        Message -> drain([Message | Acc])
    after 0 -> lists:reverse(Acc)
    end.

p(X) -> io:format("~p~n", [X]).
