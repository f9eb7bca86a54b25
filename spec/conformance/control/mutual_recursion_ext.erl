%% Mutually recursive functions called through the module (external calls,
%% in tail position) for 1,000,000 steps without growing the stack.
-module(mutual_recursion_ext).
-export([main/1, id/1, ping/2, pong/2]).

main(_) ->
    p(mutual_recursion_ext:ping(id(1000000), 0)).

ping(0, Acc) -> {ping, Acc};
ping(N, Acc) -> mutual_recursion_ext:pong(N - 1, Acc + 2).

pong(0, Acc) -> {pong, Acc};
pong(N, Acc) -> mutual_recursion_ext:ping(N - 1, Acc - 1).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
