%% module_info/0,1, which the compiler writes over erlang:get_module_info/1,2:
%% the keys OTP 25 lists and the value of each; a bad key, a module not
%% loaded or a name that is not an atom is badarg. (An assembly module has
%% no attributes or compile information of its own, and its digest is not
%% OTP's: the case prints only what both agree on.)
-module(module_info_keys).
-export([main/1, helper/2]).

main(_) ->
    p(keys(module_info())),
    p(module_info(module)),
    p(lists:sort(module_info(exports))),
    p(lists:sort(module_info(functions))),
    p(module_info(nifs)),
    p(module_info(native)),
    p(without_vsn(module_info(attributes))),
    p(is_list(module_info(compile))),
    Md5 = module_info(md5),
    p(byte_size(Md5)),
    p(Md5 =:= erlang:get_module_info(module_info_keys, md5)),
    p(erlang:get_module_info(module_info_keys, module)),
    t(module_info_keys, bad),
    t(not_loaded_anywhere, module),
    t(1, module),
    t(module_info_keys, 1),
    try erlang:get_module_info(id(not_loaded_anywhere)) catch C:R -> p({C, R}) end.

helper(A, B) -> {A, B}.

t(M, K) ->
    try erlang:get_module_info(M, K) of
        V -> p(V)
    catch
        C:R -> p({C, R})
    end.

keys([{K, _} | T]) -> [K | keys(T)];
keys([]) -> [].

without_vsn([{vsn, _} | T]) -> without_vsn(T);
without_vsn([H | T]) -> [H | without_vsn(T)];
without_vsn([]) -> [].

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
