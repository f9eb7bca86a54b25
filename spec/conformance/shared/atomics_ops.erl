-module(atomics_ops).
-export([main/1, id/1]).

%% atomics: new/2 signed and unsigned, put/get, add/add_get, sub/sub_get,
%% exchange/compare_exchange, info/1; 64-bit wrapping and the ranges of
%% each signedness; badarg on bad indices, values and options.

id(X) -> X.

t(F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~p~n", [R]).

main(_) ->
    S = atomics:new(id(2), []),
    U = atomics:new(id(2), [{signed, false}]),
    io:format("~p ~p~n", [is_reference(S), is_reference(U)]),
    t(fun() -> maps:remove(memory, atomics:info(S)) end),
    t(fun() -> maps:remove(memory, atomics:info(U)) end),
    t(fun() -> is_integer(maps:get(memory, atomics:info(S))) end),
    t(fun() -> [atomics:get(S, 1), atomics:get(U, 2)] end),
    ok = atomics:put(S, 1, 9223372036854775807),
    t(fun() -> atomics:add_get(S, 1, 1) end),
    t(fun() -> atomics:sub_get(S, 1, 1) end),
    t(fun() -> atomics:add_get(S, 1, 18446744073709551615) end),
    t(fun() -> atomics:add(S, 1, -9223372036854775808) end),
    t(fun() -> atomics:get(S, 1) end),
    t(fun() -> atomics:add_get(U, 1, -1) end),
    t(fun() -> atomics:sub_get(U, 1, 18446744073709551615) end),
    t(fun() -> atomics:sub(U, 1, 1) end),
    t(fun() -> atomics:get(U, 1) end),
    t(fun() -> atomics:exchange(S, 2, -5) end),
    t(fun() -> atomics:exchange(S, 2, 6) end),
    t(fun() -> atomics:compare_exchange(S, 2, 6, 7) end),
    t(fun() -> atomics:compare_exchange(S, 2, 6, 8) end),
    t(fun() -> atomics:compare_exchange(U, 2, 0, 18446744073709551615) end),
    t(fun() -> atomics:get(U, 2) end),
    %% Values outside the array's range, and bad arguments.
    t(fun() -> atomics:put(S, 1, 9223372036854775808) end),
    t(fun() -> atomics:put(S, 1, -9223372036854775809) end),
    t(fun() -> atomics:put(U, 1, -1) end),
    t(fun() -> atomics:put(U, 1, 18446744073709551616) end),
    t(fun() -> atomics:exchange(U, 1, -1) end),
    t(fun() -> atomics:compare_exchange(U, 1, -1, 0) end),
    t(fun() -> atomics:compare_exchange(S, 1, 0, 9223372036854775808) end),
    t(fun() -> atomics:add(S, 1, 18446744073709551616) end),
    t(fun() -> atomics:add(U, 1, -9223372036854775809) end),
    t(fun() -> atomics:add(S, 1, id(1.5)) end),
    t(fun() -> atomics:sub(S, 1, id(a)) end),
    t(fun() -> atomics:get(S, id(0)) end),
    t(fun() -> atomics:get(S, id(3)) end),
    t(fun() -> atomics:get(S, id(-1)) end),
    t(fun() -> atomics:get(S, id(1180591620717411303424)) end),
    t(fun() -> atomics:put(id(make_ref()), 1, 1) end),
    t(fun() -> atomics:get(id({atomics, S}), 1) end),
    t(fun() -> atomics:info(id(a)) end),
    t(fun() -> atomics:new(id(0), []) end),
    t(fun() -> atomics:new(id(-3), []) end),
    t(fun() -> atomics:new(id(1.0), []) end),
    t(fun() -> atomics:new(id(4611686018427387904), []) end),
    t(fun() -> atomics:new(id(18446744073709551616), []) end),
    t(fun() -> atomics:new(1, id([{signed, maybe}])) end),
    t(fun() -> atomics:new(1, id([{signed, false} | x])) end),
    t(fun() -> atomics:new(1, id(x)) end),
    t(fun() -> maps:get(min, atomics:info(atomics:new(1, id([{signed, false}, {signed, true}])))) end),
    t(fun() -> maps:get(min, atomics:info(atomics:new(1, id([{signed, true}, {signed, false}])))) end),
    ok.
