%% A timer's message is copied when the timer starts: it arrives whole
%% after the process that started the timer has ended and its memory is
%% gone, with a binary too big for a heap (off-heap, counted) and one
%% small enough for a heap, and a timer keeps no part of the sender's heap.
-module(message_copied).
-export([main/1, id/1]).

main(_) ->
    Self = self(),
    Big = binary:copy(<<"0123456789">>, id(100)),
    Starter = spawn(fun() ->
                            Local = binary:copy(<<"abc">>, id(2000)),
                            Small = <<"small">>,
                            List = lists:seq(1, id(50)),
                            erlang:send_after(id(40), Self, {Local, Small, List, Big}),
                            erlang:start_timer(id(20), Self, {part, binary:part(Local, 10, 90)})
                    end),
    Ref = monitor(process, Starter),
    receive {'DOWN', Ref, process, Starter, Reason} -> p({starter_ended, Reason}) end,
    _ = length(lists:seq(1, id(5000))),
    receive
        {timeout, _, {part, Part}} -> p({part, byte_size(Part), Part =:= binary:copy(<<"bca">>, 30)})
    after 5000 -> p(late)
    end,
    receive
        {B1, S1, L1, B2} ->
            p({byte_size(B1), B1 =:= binary:copy(<<"abc">>, 2000), S1, length(L1), lists:sum(L1), B2 =:= Big})
    after 5000 -> p(late)
    end,
    Msg = {lists:seq(1, id(20)), Big},
    R = erlang:send_after(id(10000), Self, Msg),
    p({cancelled, erlang:cancel_timer(R) > 9000}),
    p(receive X -> {unexpected, X} after 30 -> none end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
