%% 0.0 and -0.0 compare equal, exactly equal too (as in Erlang/OTP 25),
%% and neither is less than the other.
-module(float_zero_signs).
-export([main/1, id/1]).

main(_) ->
    Z = id(0.0), N = id(-0.0),
    p({Z =:= N, Z == N, Z < N, N < Z, Z =/= N}),
    p({id(0) == N, id(0) =:= N}).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
