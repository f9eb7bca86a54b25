%% ~p and ~w side by side, and field widths: ~Nw right-justifies, ~-Nw
%% left-justifies, a field too narrow fills with stars, and for ~p the width
%% is the line length, not padding.
-module(format_p_and_w).
-export([main/1, id/1]).

main(_) ->
    T = id({"str", [1, 2], atom, 2.5}),
    io:format("~p|~w~n", [T, T]),
    io:format("[~10p]~n", [id(abc)]),
    io:format("[~-10w]~n", [id(abc)]),
    io:format("[~10w]~n", [id({a, b})]),
    io:format("[~3w]~n", [id(abcdef)]),
    io:format("~p ~p~n", [id(1), id(-2)]).

id(X) -> X.
