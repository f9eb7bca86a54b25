%% erlang:display/1 prints a term (in the external ~w form) and a newline.
-module(display).
-export([main/1, id/1]).

main(_) ->
    erlang:display(id({tuple, [1, 2], atom, 3.5})),
    erlang:display(id(18446744073709551616)),
    erlang:display(id(#{a => 1})).

id(X) -> X.
