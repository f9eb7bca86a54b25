%% Input at the end of the input: with nothing to read, every input
%% function of io answers `eof` (read/1 and the scanning and parsing ones
%% with the end location), each after showing its prompt. code:which/1
%% tells where a module comes from; init:stop/0,1 answer `ok` and the node
%% stops once the program is done.
-module(input_eof).
-export([main/1]).

main(_) ->
    p(io:get_line("Name: ")),
    p(io:get_line(standard_io, 'Atom prompt> ')),
    p(io:get_chars("", 3)),
    p(io:read("Term: ")),
    p(io:fread("Number: ", "~d")),
    p(io:scan_erl_exprs("scan> ")),
    p(io:parse_erl_exprs("parse> ")),
    p(io:parse_erl_form("form> ")),
    p(io:request(standard_io, {get_line, unicode, "request> "})),
    p(io:requests(standard_io, [{put_chars, unicode, "one "}, nl, {get_line, unicode, ""}])),
    p(is_list(code:which(lists))),
    p(code:which(no_such_module_at_all)),
    p(code:which(erlang)),
    p(init:stop(0)),
    p(init:stop()).

p(X) -> io:format("~p~n", [X]).
