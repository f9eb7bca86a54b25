%% External funs (fun M:F/A): called, passed to lists:map/2, printed,
%% compared and ordered, sent in a message, tested with is_function/1,2,
%% built by erlang:make_fun/3, applied, encoded, and the badarity, undef
%% and badarg errors of calling and making them.
-module(external_funs).
-export([main/1, id/1]).

main(_) ->
    R = id(fun lists:reverse/1),
    p(R([1, 2, 3])),
    p(lists:map(R, id([[a, b], [c, d, e]]))),
    p(lists:map(fun erlang:abs/1, id([-1, 2, -3]))),
    p(R),
    io:format("~w ~p~n", [id(fun 'Quoted mod':'f g'/0), id(fun erlang:'+'/2)]),
    p(R =:= fun lists:reverse/1),
    p(R == id(fun lists:reverse/2)),
    p(R < id(fun lists:reverse/2)),
    p(id(fun lists:map/2) > id(fun lists:filter/2)),
    p(id(fun a:z/0) < id(fun lists:map/1)),
    p(id(fun() -> ok end) < R),
    p(R < self()),
    self() ! {fun_msg, R},
    receive
        {fun_msg, G} -> p(G([x, y]))
    end,
    p(is_fun(R, 1)),
    p(is_fun(R, 2)),
    p(is_function(id(R))),
    M = erlang:make_fun(id(lists), id(reverse), id(1)),
    p(M =:= R),
    p(M([p, q])),
    p(try erlang:make_fun(id("lists"), reverse, 1) catch C0:E0 -> {C0, E0} end),
    p(try erlang:make_fun(lists, reverse, id(256)) catch C1:E1 -> {C1, E1} end),
    p(try erlang:make_fun(lists, reverse, id(-1)) catch C2:E2 -> {C2, E2} end),
    p(try R(1, 2) catch C3:E3 -> {C3, E3} end),
    U = id(fun no_such_module:f/1),
    p(try U(1) catch C4:E4 -> {C4, E4} end),
    V = id(fun lists:no_such_function/1),
    p(try V(1) catch C5:E5 -> {C5, E5} end),
    p(apply(R, id([[1, 2]]))),
    p(term_to_binary(R)),
    p(binary_to_term(term_to_binary(R)) =:= R),
    p(tail(R)).

is_fun(F, N) when is_function(F, N) -> yes;
is_fun(_, _) -> no.

tail(F) -> F([last, the]).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
