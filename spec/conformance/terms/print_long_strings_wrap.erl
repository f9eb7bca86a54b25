%% ~p puts the elements of a list that does not fit on one line on lines of
%% their own; a long binary or string that cannot be broken stays whole.
-module(print_long_strings_wrap).
-export([main/1, id/1]).

main(_) ->
    io:format("~p~n", [lists:duplicate(3, id("a string that is long enough to need wrapping"))]),
    io:format("~p~n", [{id(<<"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz">>)}]),
    io:format("~p~n", [id([short, {a, "list", [of_things]}, that_fits])]).

id(X) -> X.
