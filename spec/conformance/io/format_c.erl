%% ~c prints a character code as the character; a width repeats it.
-module(format_c).
-export([main/1, id/1]).

main(_) ->
    io:format("~c~c~c~n", [id($a), id($b), id($c)]),
    io:format("[~5c]~n", [id($x)]),
    io:format("[~c]~n", [id($\s)]).

id(X) -> X.
