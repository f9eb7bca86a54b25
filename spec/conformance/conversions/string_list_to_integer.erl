%% string:list_to_integer/1 (native in OTP, behind string:to_integer/1):
%% an optional sign then decimal digits at the start of a character
%% list, and the rest of the list; big integers; no_integer for a list
%% that does not start with one, not_a_list for a binary or an atom.
%% Also string:to_integer/1 over it.
-module(string_list_to_integer).
-export([main/1, id/1]).

main(_) ->
    Cases = ["42", "-17abc", "+5 ", "007x", "123456789012345678901234567890rest", "", "-", "+x", "abc",
             [$1, $2 | tail], <<"12">>, atom],
    [p(string:list_to_integer(id(C))) || C <- Cases],
    p(string:to_integer(id("  12"))),
    p(string:to_integer(id("-3.5"))),
    p(string:to_integer(id(<<"99 bottles">>))).

p(Term) ->
    io:format("~p~n", [Term]).

id(X) -> X.
