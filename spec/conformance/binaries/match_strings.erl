-module(match_strings).
-export([main/1, id/1]).

%% Literal segments matched as strings: byte-aligned and unaligned, whole
%% bytes and a few bits, in clauses that fail partway and fall through to
%% the next.

id(X) -> X.

main(_) ->
    io:format("~w~n", [[command(id(X)) || X <- [<<"GET /a">>, <<"PUT /bb">>, <<"POST">>, <<"GE">>, <<"DELETE /">>, <<>>]]]),
    <<_:3, Shifted/bits>> = id(<<13, 12, 173, 141, 141, 224>>),
    io:format("~w~n", [shifted(Shifted)]),
    io:format("~w~n", [[flags(id(X)) || X <- [<<160>>, <<176>>, <<168, 1>>, <<255>>, <<5>>]]]),
    io:format("~w~n", [[magic(id(X)) || X <- [<<137, "PNG", 1>>, <<"GIF89a">>, <<"GIF87a">>, <<"GIF">>, <<0, 0>>]]]),
    ok.

command(<<"GET ", Path/binary>>) -> {get, binary_to_list(Path)};
command(<<"PUT ", Path/binary>>) -> {put, binary_to_list(Path)};
command(<<"POST">>) -> post;
command(<<"DELETE ", _/binary>>) -> delete;
command(_) -> unknown.

shifted(<<"help", _/bits>>) -> help;
shifted(<<"hello", _:3>>) -> hello3;
shifted(<<"hello", _:5>>) -> hello5;
shifted(_) -> none.

flags(<<1:1, 0:1, 1:1, 0:1, _:4>>) -> a;
flags(<<1:1, 0:1, 1:1, 1:1, _:4>>) -> b;
flags(<<5:5, _:3, _>>) -> c;
flags(<<255>>) -> d;
flags(_) -> none.

magic(<<137, "PNG", _/binary>>) -> png;
magic(<<"GIF8", V, "a">>) -> {gif, V - $0};
magic(_) -> unknown.
