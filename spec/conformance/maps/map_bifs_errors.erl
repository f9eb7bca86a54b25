%% maps:get/2 of a missing key raises {badkey, K}; maps functions given a
%% non-map raise {badmap, X}; map_get/2 and is_map_key/2 as guards and BIFs.
-module(map_bifs_errors).
-export([main/1, id/1]).

main(_) ->
    M = id(#{a => 1}),
    p(try maps:get(z, M) catch C1:R1 -> {C1, R1} end),
    p(try maps:get(a, id(nomap)) catch C2:R2 -> {C2, R2} end),
    p(try map_get(z, M) catch C3:R3 -> {C3, R3} end),
    p(try map_size(id([])) catch C4:R4 -> {C4, R4} end),
    p(try maps:put(k, v, id(nomap)) catch C5:R5 -> {C5, R5} end),
    p({map_get(a, M), is_map_key(a, M), is_map_key(b, M)}),
    p([guard(id(X)) || X <- [#{a => 1}, #{a => 2}, #{}, 3]]),
    p(try maps:from_list(id([{a, 1}, b])) catch C6:R6 -> {C6, R6} end).

guard(M) when is_map_key(a, M), map_get(a, M) > 1 -> big_a;
guard(M) when is_map(M), map_size(M) > 0 -> some;
guard(M) when is_map(M) -> empty;
guard(_) -> no_map.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
