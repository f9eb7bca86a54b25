%% A module for the BEAM reader's tests: compiled with
%% `erlc +deterministic sample.erl`, the result is committed beside it so
%% that machines without Erlang/OTP still test the reader.
-module(sample).
-export([start/0, classify/1, area/1]).

start() ->
    Pid = spawn(fun() -> loop(#{count => 0}) end),
    Pid ! {add, 3},
    Pid ! {get, self()},
    receive
        {count, N} -> io:format("count ~p~n", [N])
    after 1000 ->
        timeout
    end.

loop(State = #{count := Count}) ->
    receive
        {add, N} -> loop(State#{count := Count + N});
        {get, From} -> From ! {count, Count}, loop(State)
    end.

classify(X) when is_integer(X), X > 16#7fffffffffffffffff -> huge;
classify(X) when is_integer(X), X < -40 -> negative;
classify(X) when is_float(X) -> {float, X * 2.5};
classify([_ | _] = List) -> {list, length(List), "text"};
classify(<<"bin", _/binary>>) -> binary;
classify(_) -> other.

area({square, Side}) -> Side * Side;
area({circle, Radius}) -> 3.14159 * Radius * Radius;
area({rectangle, W, H}) -> try W * H catch error:badarith -> {error, [W, H]} end.
