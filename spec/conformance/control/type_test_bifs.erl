%% The type-test BIFs used as values (not guards) on one term of each type.
-module(type_test_bifs).
-export([main/1, id/1]).

main(_) ->
    Terms = id([42, 1.5, atom, false, [], "s", {t}, #{}, <<>>, fun id/1, self(), make_ref()]),
    lists:foreach(fun(T) ->
                          io:format("~w~n", [[is_integer(T), is_float(T), is_number(T), is_atom(T), is_boolean(T),
                                              is_list(T), is_tuple(T), is_map(T), is_binary(T), is_function(T),
                                              is_pid(T), is_reference(T)]])
                  end, Terms).

id(X) -> X.
