%% A term nesting every kind of term prints the same under ~p and ~w when
%% it fits on one line.
-module(print_nested).
-export([main/1, id/1]).

main(_) ->
    T = id({ok, [#{key => {1, "str"}}, [<<"b">>, 2.5 | tail], -7], {'Q', []}}),
    io:format("~p~n~w~n", [T, T]).

id(X) -> X.
