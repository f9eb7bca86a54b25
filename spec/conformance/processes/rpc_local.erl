%% rpc:call/4,5 and erpc:call/4,5 on this node, which is not distributed
%% (node() is nonode@nohost): a value, a thrown value, an exit, an error
%% (its stack trace left out: it differs between VMs), a value that looks
%% like an exit, a node that is not there, a timeout, a bad argument.
-module(rpc_local).
-export([main/1, id/1, sleep/0, shape/1, erpc/3, rpc_bad/0]).

id(X) -> X.

sleep() -> receive after 1000 -> slept end.

%% {badrpc, {'EXIT', {Reason, Stack}}} and {exception, Reason, Stack}
%% without the stack.
shape({badrpc, {'EXIT', {R, S}}}) when is_list(S) -> {badrpc, {'EXIT', {R, stack}}};
shape({error, {exception, R, S}}) when is_list(S) -> {error, {exception, R, stack}};
shape(X) -> X.

erpc(M, F, A) ->
    try erpc:call(node(), M, F, A, 50) of
        V -> {value, V}
    catch
        C:E -> shape({C, E})
    end.

rpc_bad() ->
    try rpc:call(node(), 1, id, []) catch C:E -> {C, E} end.

main(_) ->
    N = node(),
    io:format("~p~n", [N]),
    io:format("~p~n", [rpc:call(N, rpc_local, id, [42])]),
    io:format("~p~n", [rpc:call(N, erlang, throw, [thrown])]),
    io:format("~p~n", [rpc:call(N, erlang, exit, [bye])]),
    io:format("~p~n", [rpc:call(N, rpc_local, id, [{'EXIT', x}])]),
    io:format("~p~n", [shape(rpc:call(N, erlang, error, [boom]))]),
    io:format("~p~n", [shape(rpc:call(N, nomod, nofun, []))]),
    io:format("~p~n", [rpc:call('nowhere@nohost', rpc_local, id, [1])]),
    io:format("~p~n", [rpc:call(N, rpc_local, sleep, [], 50)]),
    io:format("~p~n", [rpc_bad()]),
    io:format("~p~n", [erpc(rpc_local, id, [7])]),
    io:format("~p~n", [erpc(erlang, throw, [t])]),
    io:format("~p~n", [erpc(erlang, exit, [e])]),
    io:format("~p~n", [erpc(erlang, error, [r])]),
    io:format("~p~n", [erpc(rpc_local, sleep, [])]),
    io:format("~p~n", [erpc(1, id, [])]).
