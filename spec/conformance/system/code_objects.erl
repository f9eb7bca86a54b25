%% code:get_object_code/1 gives the bytes of the .beam file a module is
%% found in, and `error` for none; code:delete/1 and code:purge/1 of a
%% module that is not loaded give `false`; erlang:module_info/0,1 describe
%% the erlang module, whose exports are its BIFs.
-module(code_objects).
-export([main/1]).

main(_) ->
    {lists, Bin, File} = code:get_object_code(lists),
    p({is_binary(Bin), byte_size(Bin) > 1000, filename:basename(File)}),
    p(code:get_object_code(no_such_module_here)),
    p(code:delete(no_such_module_here)),
    p(code:purge(no_such_module_here)),
    Exports = erlang:module_info(exports),
    p([lists:member(F, Exports) || F <- [{spawn, 1}, {self, 0}, {module_info, 0}, {module_info, 1}]]),
    p(erlang:module_info(module)),
    p([Key || {Key, _} <- erlang:module_info()]).

p(X) -> io:format("~p~n", [X]).
