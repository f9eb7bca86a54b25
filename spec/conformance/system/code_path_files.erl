%% code:where_is_file/1 and erl_prim_loader:get_file/1, with which OTP's
%% application controller finds and reads an application's .app file: a
%% file of an ebin directory of the installed Erlang/OTP is found (its
%% path ends in ebin/NAME) and read, named by a character list or an
%% atom; a name the code path does not have is non_existing, a file that
%% cannot be read, or named by a binary, is error. code:lib_dir/1: the
%% directory of an application (named by an atom or a string) whose ebin
%% holds its .app file; an unknown one is {error, bad_name}.
-module(code_path_files).
-export([main/1, id/1]).

main(_) ->
    Path = code:where_is_file(id("stdlib.app")),
    p(lists:suffix("/ebin/stdlib.app", Path)),
    p(code:where_is_file(id("no_such_file.app"))),
    {ok, Bin, FullName} = erl_prim_loader:get_file(Path),
    p({is_binary(Bin), FullName =:= Path}),
    p(binary:part(Bin, 0, 25)),
    {ok, Bin, _} = erl_prim_loader:get_file(list_to_atom(Path)),
    p(erl_prim_loader:get_file(list_to_binary(Path))),
    p(erl_prim_loader:get_file(id("no_such_directory/no_such_file"))),
    Lib = code:lib_dir(id(stdlib)),
    p({lists:prefix("stdlib-", filename:basename(Lib)), filename:basename(filename:dirname(Lib))}),
    p(code:lib_dir(id("stdlib")) =:= Lib),
    p(lists:suffix("/ebin/stdlib.app", Path) andalso lists:prefix(Lib, Path)),
    p(code:lib_dir(id(no_such_application))).

p(Term) ->
    io:format("~p~n", [Term]).

id(X) -> X.
