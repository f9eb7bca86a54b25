-module(match_errors).
-export([main/1, id/1]).

%% Matches that fail without a clause to go to: function_clause (whose
%% arguments show the binary from where the match stopped, never the
%% match context), badmatch and case_clause, and a match of terms that
%% are not bitstrings at all.

id(X) -> X.

main(_) ->
    try digits(id(<<"12a4">>), 0)
    catch error:function_clause:Stack ->
        [{match_errors, digits, [Left, Acc], _} | _] = Stack,
        io:format("~w~n", [{function_clause, binary_to_list(Left), Acc}])
    end,
    io:format("~w~n", [catch_class(fun() -> digits(id(foo), 0) end)]),
    io:format("~w~n", [catch_class(fun() -> digits(id([$1]), 0) end)]),
    io:format("~w~n", [catch_class(fun() -> <<_:8, _:8>> = id(<<1, 2, 3>>), ok end)]),
    io:format("~w~n", [catch_class(fun() -> <<_:8, _:8>> = id(1.5), ok end)]),
    io:format("~w~n", [catch_class(fun() -> case id(<<1>>) of <<2>> -> two end end)]),
    io:format("~w~n", [[is_header(id(X)) || X <- [<<1, 2>>, {tuple}, 7, <<>>, "list"]]]),
    ok.

digits(<<D, Rest/binary>>, Acc) when D >= $0, D =< $9 -> digits(Rest, Acc * 10 + D - $0);
digits(<<>>, Acc) -> Acc.

catch_class(Fun) ->
    try Fun()
    catch Class:Reason when is_tuple(Reason) -> {Class, element(1, Reason)};
          Class:Reason -> {Class, Reason}
    end.

is_header(<<1, _/binary>>) -> true;
is_header(_) -> false.
