%% try ... after runs the after block whether the body returns or raises,
%% and the exception continues after it.
-module(try_after).
-export([main/1, id/1]).

main(_) ->
    p(try with_after(id(ok)) catch C:R -> {caught, C, R} end),
    p(try with_after(id(fail)) catch C2:R2 -> {caught, C2, R2} end).

with_after(X) ->
    try
        case X of
            ok -> fine;
            fail -> throw(failed)
        end
    after
        io:format("cleanup for ~p~n", [X])
    end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
