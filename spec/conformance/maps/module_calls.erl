%% maps:get/2, maps:is_key/2, maps:size/1 and maps:new/0 called as
%% functions (the compiler would inline them).
-module(module_calls).
-export([main/1, id/1]).

main(_) ->
    M = id(#{a => 1, b => 2}),
    p(maps:get(a, M)),
    p(maps:is_key(b, M)),
    p(maps:is_key(z, M)),
    p(maps:size(M)),
    p(maps:new()),
    p(maps:size(maps:new())).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
