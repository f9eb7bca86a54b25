%% lists:keymember/3 and lists:keysearch/3 compare keys with ==, walk a
%% proper list, and fail with badarg on a bad position or list.
-module(key_bifs).
-export([main/1]).

main(_) ->
    L = [{a, 1}, {b, 2.0}, x, {c}],
    t(keymember, [b, 1, L]),
    t(keymember, [2, 2, L]),
    t(keymember, [z, 1, L]),
    t(keymember, [a, 3, L]),
    t(keymember, [a, 0, L]),
    t(keymember, [a, 1, {a, 1}]),
    t(keymember, [z, 1, [{a, 1} | tail]]),
    t(keymember, [a, 1, [{a, 1} | tail]]),
    t(keysearch, [b, 1, L]),
    t(keysearch, [2, 2, L]),
    t(keysearch, [z, 1, L]),
    t(keysearch, [a, x, L]),
    t(keysearch, [a, 1, tail]).

t(F, A) ->
    try apply(lists, F, A) of
        V -> io:format("~p~n", [V])
    catch
        C:R -> io:format("~p~n", [{C, R}])
    end.
