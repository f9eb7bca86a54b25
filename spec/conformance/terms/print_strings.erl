%% ~p prints a proper list of printable characters as a string and other
%% lists as lists; ~w always prints lists.
-module(print_strings).
-export([main/1, id/1]).

main(_) ->
    Terms = id(["abc", "", [104, 105], "a\nb", "tab\there", [1, 2, 3], "quote\"back\\slash", [97, 98 | 99], [300], ["ab", "cd"], [[]]]),
    lists:foreach(fun(T) -> io:format("~p ~w~n", [T, T]) end, Terms).

id(X) -> X.
