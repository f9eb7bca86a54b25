%% process_flag(priority, Level) returns the level before, and
%% process_info/2 reports it; a level that is not one raises badarg.
-module(priority).
-export([main/1, id/1]).

main(_) ->
    p(process_info(self(), priority)),
    p(process_flag(priority, high)),
    p(process_info(self(), priority)),
    p(process_flag(priority, low)),
    p(process_flag(priority, max)),
    p(process_flag(priority, normal)),
    p(process_info(self(), priority)),
    p(try process_flag(priority, id(urgent)) catch C:R -> {C, R} end),
    p(process_info(self(), priority)).

id(X) -> X.

p(Term) -> io:format("~p~n", [Term]).
