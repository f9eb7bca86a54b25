%% ~f prints a float in plain notation, 6 digits after the point unless a
%% precision says otherwise; a width pads on the left.
-module(format_f).
-export([main/1, id/1]).

main(_) ->
    io:format("~f ~f ~f~n", [id(3.14159), id(-0.5), id(100.0)]),
    io:format("~.2f ~.1f ~.1f~n", [id(2.675), id(2.25), id(0.05)]),
    io:format("[~10.3f] [~-10.3f]~n", [id(3.14159), id(3.14159)]),
    io:format("~f~n", [id(1.0e10)]),
    io:format("~.3f~n", [id(-1.0e-5)]).

id(X) -> X.
