%% make_tuple/3, append_element/2, insert_element/3, delete_element/2 and
%% max/2, min/2: results and badarg as OTP 25 gives them.
-module(tuple_bifs).
-export([main/1]).

main(_) ->
    t(make_tuple, [3, x, [{1, a}, {3, c}, {1, z}]]),
    t(make_tuple, [0, x, []]),
    t(make_tuple, [2, x, [{3, c}]]),
    t(make_tuple, [2, x, [{0, c}]]),
    t(make_tuple, [2, x, [c]]),
    t(make_tuple, [2, x, [{1, c} | d]]),
    t(make_tuple, [-1, x, []]),
    t(append_element, [{a, b}, c]),
    t(append_element, [{}, c]),
    t(append_element, [[a], c]),
    t(insert_element, [1, {a, b}, x]),
    t(insert_element, [3, {a, b}, x]),
    t(insert_element, [4, {a, b}, x]),
    t(insert_element, [0, {a, b}, x]),
    t(insert_element, [1, a, x]),
    t(delete_element, [2, {a, b, c}]),
    t(delete_element, [1, {a}]),
    t(delete_element, [2, {a}]),
    t(delete_element, [a, {a}]),
    t(max, [1, 2]),
    t(max, [1, 1.0]),
    t(max, [1.0, 1]),
    t(max, [a, 1]),
    t(max, [{a}, [b]]),
    t(min, [1, 2]),
    t(min, [1, 1.0]),
    t(min, [1.0, 1]),
    t(min, [a, 1]),
    t(min, [{a}, [b]]).

t(F, A) ->
    try apply(erlang, F, A) of
        V -> io:format("~p~n", [V])
    catch
        C:R -> io:format("~p~n", [{C, R}])
    end.
