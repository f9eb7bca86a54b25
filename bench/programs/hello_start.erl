%% Start-up: the time from starting the VM to its exit, for a program that
%% prints one line and sorts a list with OTP's `lists:usort/1` (so that girder
%% loads a module of Erlang/OTP's library on demand, as real programs do).
%%
%%   girder run hello_start.beam
%%   erl -noshell -pa DIR -s hello_start main -s init stop
-module(hello_start).
-export([main/0, main/1]).

main() ->
    io:format("Hello, world! ~p~n", [lists:usort([c, a, b, a])]).

main(_) ->
    main().
