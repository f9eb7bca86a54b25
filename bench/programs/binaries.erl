%% The binary benchmarks, the same program on girder and on erl.
%%
%% main([Name, Size]) runs one benchmark on a binary of Size bytes and
%% prints "Name Microseconds Check": the time of the work alone (not of
%% start-up), and a figure that proves the work was done.
%%
%%   build   builds the binary byte by byte, <<Acc/binary, Byte>>;
%%   parse   walks it byte by byte, <<Byte, Rest/binary>>, summing;
%%   split   splits it on a separator byte with binary:split/3;
%%   fanout  sends it to 10,000 processes, which each hold it until all
%%           have it (the harness compares peak memory: shared, it is
%%           held once, not 10,000 times).
-module(binaries).
-export([main/1]).

-define(PROCESSES, 10000).

main([Name, SizeText]) ->
    Size = list_to_integer(SizeText),
    Input = case Name of
                "build" -> Size;
                _ -> build(Size)
            end,
    Start = erlang:monotonic_time(microsecond),
    Check = run(Name, Input),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("~s ~w ~w~n", [Name, Elapsed, Check]).

run("build", Size) -> byte_size(build(Size));
run("parse", Binary) -> parse(Binary, 0);
run("split", Binary) -> length(binary:split(Binary, <<0>>, [global]));
run("fanout", Binary) -> fanout(Binary).

%% Every 16th byte is 0, the separator split looks for.
build(Size) -> build(Size, <<>>).

build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, <<Acc/binary, (N rem 16 * 7)>>).

parse(<<Byte, Rest/binary>>, Sum) -> parse(Rest, Sum + Byte);
parse(<<>>, Sum) -> Sum.

fanout(Binary) ->
    Self = self(),
    Pids = [spawn(fun() -> holder(Self) end) || _ <- lists:seq(1, ?PROCESSES)],
    [Pid ! {hold, Binary} || Pid <- Pids],
    Total = collect(?PROCESSES, 0),
    [Pid ! release || Pid <- Pids],
    Total.

holder(Parent) ->
    receive
        {hold, Binary} ->
            Parent ! {held, byte_size(Binary)},
            receive release -> ok end
    end.

collect(0, Total) -> Total;
collect(N, Total) ->
    receive {held, Size} -> collect(N - 1, Total + Size) end.
