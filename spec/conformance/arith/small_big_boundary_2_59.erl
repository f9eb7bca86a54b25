%% Addition and subtraction across 2^59, where small integers may end and
%% big integers begin: results are exact, and a big result that comes back
%% into range is =:= to the small integer.
-module(small_big_boundary_2_59).
-export([main/1, id/1]).

main(_) ->
    Max = id(576460752303423487),
    Min = id(-576460752303423488),
    p(Max + 1),
    p(Max + Max),
    p(Min - 1),
    p(Min + Min),
    Back = (Max + 1) - 1,
    p(Back),
    p(Back =:= Max),
    p((Min - 1) + 1 =:= Min),
    p(Max - Min),
    p(-Min).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
