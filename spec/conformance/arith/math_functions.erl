%% math's functions compute floats as Erlang/OTP's do: trigonometry,
%% logarithms, powers and roots of integers and floats; a non-number raises
%% badarg, a result outside the domain or not finite raises badarith.
-module(math_functions).
-export([main/1]).

main(_) ->
    [show(F) || F <- [fun() -> math:sin(0) end, fun() -> math:cos(0.0) end,
                      fun() -> math:tan(1) end, fun() -> math:asin(1) end,
                      fun() -> math:acos(0.5) end, fun() -> math:atan(1.0) end,
                      fun() -> math:sinh(1) end, fun() -> math:cosh(1) end,
                      fun() -> math:tanh(0.5) end, fun() -> math:asinh(1) end,
                      fun() -> math:acosh(2) end, fun() -> math:atanh(0.5) end,
                      fun() -> math:exp(1) end, fun() -> math:log(10) end,
                      fun() -> math:log2(1024) end, fun() -> math:log10(1000) end,
                      fun() -> math:sqrt(2) end, fun() -> math:sqrt(16) end,
                      fun() -> math:floor(-1.5) end, fun() -> math:ceil(-1.5) end,
                      fun() -> math:pow(2, 10) end, fun() -> math:pow(2.5, -1) end,
                      fun() -> math:atan2(1, -1) end, fun() -> math:fmod(7.5, 2) end,
                      fun() -> math:fmod(-7, 2) end, fun() -> math:pi() end,
                      fun() -> math:sqrt(-1) end, fun() -> math:log(0) end,
                      fun() -> math:acos(2) end, fun() -> math:pow(10.0, 400) end,
                      fun() -> math:fmod(1, 0) end, fun() -> math:sqrt(a) end,
                      fun() -> math:pow(2, "x") end, fun() -> math:exp(1000) end]],
    ok.

show(F) ->
    io:format("~p~n", [try {ok, F()} catch Class:Reason -> {Class, Reason} end]).
