%% The maps module: get/2,3, put, find, remove, keys, values, from_list,
%% to_list, is_key, size, new.
-module(maps_module).
-export([main/1, id/1]).

main(_) ->
    M = id(#{b => 2, a => 1, c => 3}),
    p({maps:get(a, M), maps:get(z, M, default), maps:get(a, M, default)}),
    p(maps:put(d, 4, M)),
    p(maps:put(a, 100, M)),
    p({maps:find(b, M), maps:find(z, M)}),
    p(maps:remove(b, M)),
    p(maps:remove(z, M)),
    p({maps:keys(M), maps:values(M)}),
    p(maps:to_list(M)),
    p(maps:from_list(id([{x, 1}, {y, 2}, {x, 3}]))),
    p({maps:is_key(a, M), maps:is_key(z, M), maps:size(M), maps:size(maps:new())}),
    p(maps:new()).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
