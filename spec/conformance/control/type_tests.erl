%% The type tests in guards, each on one term of every type.
-module(type_tests).
-export([main/1, id/1]).

main(_) ->
    Terms = id([42, 18446744073709551616, 1.5, atom, true, [], [1], {t}, #{}, <<"b">>, fun id/1, self(), make_ref()]),
    lists:foreach(fun(T) -> io:format("~w~n", [tests(T)]) end, Terms).

tests(T) ->
    [is_int(T), is_flt(T), is_num(T), is_atm(T), is_bool(T), is_nil(T), is_cons(T), is_lst(T),
     is_tup(T), is_mp(T), is_bin(T), is_fn(T), is_pd(T), is_rf(T)].

is_int(T) when is_integer(T) -> 1; is_int(_) -> 0.
is_flt(T) when is_float(T) -> 1; is_flt(_) -> 0.
is_num(T) when is_number(T) -> 1; is_num(_) -> 0.
is_atm(T) when is_atom(T) -> 1; is_atm(_) -> 0.
is_bool(T) when is_boolean(T) -> 1; is_bool(_) -> 0.
is_nil([]) -> 1; is_nil(_) -> 0.
is_cons([_ | _]) -> 1; is_cons(_) -> 0.
is_lst(T) when is_list(T) -> 1; is_lst(_) -> 0.
is_tup(T) when is_tuple(T) -> 1; is_tup(_) -> 0.
is_mp(T) when is_map(T) -> 1; is_mp(_) -> 0.
is_bin(T) when is_binary(T) -> 1; is_bin(_) -> 0.
is_fn(T) when is_function(T) -> 1; is_fn(_) -> 0.
is_pd(T) when is_pid(T) -> 1; is_pd(_) -> 0.
is_rf(T) when is_reference(T) -> 1; is_rf(_) -> 0.

id(X) -> X.
