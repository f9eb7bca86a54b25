%% What OTP's compiler asks of the runtime as it writes a .beam file, and
%% loading what it wrote: zlib:compress/1 and uncompress/1, erlang:md5/1,
%% and code:load_binary/3 of a module compiled at run time (compile:forms/2,
%% as Elixir compiles what IEx is given), which is then called. (Bytes that
%% are no module give {error, badfile} on both, but erl's logger reports it
%% at a time of its own, so it is not printed here.)
-module(runtime_code).
-export([main/1]).

main(_) ->
    Data = <<"to be compressed, to be compressed, to be compressed">>,
    Compressed = zlib:compress(["to be compressed, ", <<"to be compressed, ">>, "to be compressed"]),
    p({byte_size(Compressed) < byte_size(Data), zlib:uncompress(Compressed) =:= Data}),
    p(try zlib:uncompress(<<"not zlib data">>) catch error:R1 -> R1 end),
    p(try zlib:compress(not_iodata) catch error:R2 -> R2 end),
    p(erlang:md5("")),
    p(erlang:md5([<<"The quick brown fox ">>, "jumps over the lazy dog"])),
    Forms = [{attribute, 1, module, runtime_made},
             {attribute, 2, export, [{double, 1}]},
             {function, 3, double, 1,
              [{clause, 3, [{var, 3, 'X'}], [], [{op, 3, '*', {var, 3, 'X'}, {integer, 3, 2}}]}]}],
    {ok, runtime_made, Beam} = compile:forms(Forms, [binary]),
    p(code:load_binary(runtime_made, "runtime_made.erl", Beam)),
    p(runtime_made:double(21)).

p(X) -> io:format("~p~n", [X]).
