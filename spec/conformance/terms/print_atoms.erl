%% Atoms print bare when they can be read back bare, and in single quotes
%% otherwise: spaces, capitals, reserved words, symbols.
-module(print_atoms).
-export([main/1, id/1]).

main(_) ->
    Terms = id([ok, 'hello world', 'Upper', '_under', 'a-b', 'a@b', a_B9, '[]', '{}', 'and', 'end', 'receive', 'when',
                'quote\'s', 'back\\slash', 'new\nline', 'x0', '9lives', '+', 'EXIT', 'nonode@nohost', 'a.b', '']),
    lists:foreach(fun(T) -> io:format("~p ~w~n", [T, T]) end, Terms).

id(X) -> X.
