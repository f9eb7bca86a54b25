%% The distribution BIFs on a node that is not distributed: node/0,1,
%% nodes/0, is_alive/0, monitor_node/2 (notalive), disconnect_node/1
%% (ignored), spawn_request/5 here (a reply with the pid, a link with the
%% `link` option) and to another node (a reply with noconnection), and
%% net_adm:ping/1 (pang).
-module(nodes_alone).
-export([main/1, id/1]).

main(_) ->
    p({node(), node(self()), node(make_ref())}),
    p({nodes(), is_alive()}),
    p(try erlang:monitor_node(id('far@away'), true) catch C1:R1 -> {C1, R1} end),
    p(erlang:disconnect_node(id('far@away'))),
    p(try node(id(42)) catch C2:R2 -> {C2, R2} end),
    Ref1 = spawn_request(node(), erlang, length, [[1, 2]], []),
    receive {spawn_reply, Ref1, ok, Pid1} -> p({ok, is_pid(Pid1), node(Pid1)}) end,
    process_flag(trap_exit, true),
    Ref2 = spawn_request(node(), erlang, length, [[1]], [link]),
    receive {spawn_reply, Ref2, ok, Pid2} -> receive {'EXIT', Pid2, Why} -> p({linked, Why}) end end,
    Ref3 = spawn_request(id('far@away'), erlang, length, [[1]], []),
    receive {spawn_reply, Ref3, Status, Reason} -> p({Status, Reason}) end,
    p(net_adm:ping(id('far@away'))).

p(Term) -> io:format("~p~n", [Term]).

id(X) -> X.
