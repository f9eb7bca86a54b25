%% Float arithmetic, and integers mixed with floats: every result is a float.
-module(float_ops).
-export([main/1, id/1]).

main(_) ->
    p(id(1.5) + id(2)),
    p(id(0.1) + id(0.2)),
    p(id(10) / id(4)),
    p(id(4) / id(2)),
    p(id(3) * id(1.5)),
    p(id(-0.5) * id(2)),
    p(id(1.0) - id(3)),
    p(id(1.0e300) * id(10.0)),
    p(id(2.0) - id(2.0)),
    p(-id(2.5)),
    p(id(7) / id(-2)).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
