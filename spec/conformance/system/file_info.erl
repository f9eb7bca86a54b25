%% file:get_cwd/0 gives the working directory; file:read_file_info/1,2 a
%% #file_info{} record of a file (its type, and its times in the form
%% asked for), {error, enoent} for a missing one and {error, badarg} for a
%% name or an option file does not take. maps:from_keys/2 maps each key to
%% one value.
-module(file_info).
-export([main/1]).

main(_) ->
    {ok, Cwd} = file:get_cwd(),
    p(is_list(Cwd) andalso hd(Cwd) =:= $/),
    {ok, Root} = file:read_file_info("/"),
    p({element(1, Root), element(3, Root), tuple_size(Root)}),
    {ok, Posix} = file:read_file_info(<<"/">>, [{time, posix}, raw]),
    p({element(3, Posix), is_integer(element(6, Posix))}),
    {ok, Universal} = file:read_file_info('/', [{time, universal}]),
    {{Year, _, _}, {_, _, _}} = element(6, Universal),
    p(Year > 1970),
    p(file:read_file_info("/no/such/file/here")),
    p(file:read_file_info(1)),
    p(file:read_file_info("/", [{time, bogus}])),
    p(maps:from_keys([a, b, a], 0)),
    p(maps:from_keys([], x)),
    p(try maps:from_keys(x, 0) catch error:R:S -> {R, hd(S)} end).

p(X) -> io:format("~p~n", [X]).
