%% maps:merge/2, maps:take/2 and maps:update/3, with their badmap and
%% badkey errors.
-module(merge_take_update).
-export([main/1]).

main(_) ->
    t(merge, [#{a => 1, b => 2}, #{b => 3, c => 4}]),
    t(merge, [#{}, #{1 => one}]),
    t(merge, [#{1 => one}, #{1.0 => float}]),
    t(merge, [a, #{}]),
    t(merge, [#{}, b]),
    t(merge, [a, b]),
    t(take, [a, #{a => 1, b => 2}]),
    t(take, [z, #{a => 1}]),
    t(take, [a, x]),
    t(update, [a, 10, #{a => 1, b => 2}]),
    t(update, [z, 10, #{a => 1}]),
    t(update, [a, 10, x]).

t(F, A) ->
    try apply(maps, F, A) of
        V -> io:format("~p~n", [V])
    catch
        C:R -> io:format("~p~n", [{C, R}])
    end.
