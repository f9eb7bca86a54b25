%% math's functions compute floats as Erlang/OTP's do: trigonometry,
%% logarithms, powers and roots of integers and floats; a non-number raises
%% badarg, a result outside the domain or not finite raises badarith.
-module(math_functions).
-export([main/1]).

main(_) ->
    [show(F) || F <- [fun() -> math:sin(id(0)) end, fun() -> math:cos(id(0.0)) end,
                      fun() -> math:tan(id(1)) end, fun() -> math:asin(id(1)) end,
                      fun() -> math:acos(id(0.5)) end, fun() -> math:atan(id(1.0)) end,
                      fun() -> math:sinh(id(1)) end, fun() -> math:cosh(id(1)) end,
                      fun() -> math:tanh(id(0.5)) end, fun() -> math:asinh(id(1)) end,
                      fun() -> math:acosh(id(2)) end, fun() -> math:atanh(id(0.5)) end,
                      fun() -> math:exp(id(1)) end, fun() -> math:log(id(10)) end,
                      fun() -> math:log2(id(1024)) end, fun() -> math:log10(id(1000)) end,
                      fun() -> math:sqrt(id(2)) end, fun() -> math:sqrt(id(16)) end,
                      fun() -> math:floor(id(-1.5)) end, fun() -> math:ceil(id(-1.5)) end,
                      fun() -> math:pow(id(2), id(10)) end, fun() -> math:pow(id(2.5), id(-1)) end,
                      fun() -> math:atan2(id(1), id(-1)) end, fun() -> math:fmod(id(7.5), id(2)) end,
                      fun() -> math:fmod(id(-7), id(2)) end, fun() -> math:pi() end,
                      fun() -> math:sqrt(id(-1)) end, fun() -> math:log(id(0)) end,
                      fun() -> math:acos(id(2)) end, fun() -> math:pow(id(10.0), id(400)) end,
                      fun() -> math:fmod(id(1), id(0)) end, fun() -> math:sqrt(id(a)) end,
                      fun() -> math:pow(id(2), id("x")) end, fun() -> math:exp(id(1000)) end]],
    ok.

%% Through id/1 the compiler cannot compute the calls itself.
id(X) -> X.

show(F) ->
    io:format("~p~n", [try {ok, F()} catch Class:Reason -> {Class, Reason} end]).
