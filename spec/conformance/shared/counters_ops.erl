-module(counters_ops).
-export([main/1, id/1]).

%% counters: new/2 with each option, add/sub/put/get, 64-bit wrapping,
%% info/1, the magic reference inside (a reference as any other: compared,
%% hashed, encoded), and the errors of bad indices, values and options.

id(X) -> X.

t(F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~p~n", [R]).

main(_) ->
    C = counters:new(id(3), []),
    {atomics, Ref} = C,
    io:format("~p ~p~n", [element(1, C), is_reference(Ref)]),
    W = counters:new(id(2), [write_concurrency]),
    io:format("~p ~p~n", [element(1, W), is_reference(element(2, W))]),
    A = counters:new(id(2), [atomics]),
    io:format("~p~n", [element(1, A)]),
    [begin
         ok = counters:add(X, 1, 5),
         ok = counters:sub(X, 1, 7),
         ok = counters:add(X, 2, 40),
         t(fun() -> [counters:get(X, 1), counters:get(X, 2)] end),
         ok = counters:put(X, 2, 9223372036854775807),
         ok = counters:add(X, 2, 1),
         t(fun() -> counters:get(X, 2) end),
         ok = counters:sub(X, 2, 1),
         t(fun() -> counters:get(X, 2) end),
         ok = counters:add(X, 1, 18446744073709551615),
         t(fun() -> counters:get(X, 1) end),
         ok = counters:add(X, 1, -9223372036854775808),
         t(fun() -> counters:get(X, 1) end),
         t(fun() -> counters:add(X, 1, 18446744073709551616) end),
         t(fun() -> counters:add(X, 1, -9223372036854775809) end),
         t(fun() -> counters:put(X, 1, 9223372036854775808) end),
         t(fun() -> counters:add(X, 1, id(1.0)) end),
         t(fun() -> counters:sub(X, 1, id(a)) end),
         t(fun() -> counters:get(X, id(0)) end),
         t(fun() -> counters:get(X, id(4)) end),
         t(fun() -> counters:get(X, id(a)) end),
         t(fun() -> counters:put(X, id(99999999999999999999), 1) end),
         Info = counters:info(X),
         io:format("~p ~p~n", [maps:get(size, Info), is_integer(maps:get(memory, Info))]),
         io:format("~p~n", [lists:sort(maps:keys(Info))])
     end || X <- [C, W, A]],
    t(fun() -> counters:new(id(0), []) end),
    t(fun() -> counters:new(id(-1), []) end),
    t(fun() -> counters:new(id(a), []) end),
    t(fun() -> counters:new(id(4611686018427387904), []) end),
    t(fun() -> counters:new(id(4611686018427387904), [write_concurrency]) end),
    t(fun() -> counters:new(1, id([bad])) end),
    t(fun() -> counters:new(1, id([atomics, write_concurrency])) end),
    t(fun() -> counters:new(1, id(atomics)) end),
    t(fun() -> counters:get(id({atomics, make_ref()}), 1) end),
    t(fun() -> counters:get(id({write_concurrency, Ref}), 1) end),
    t(fun() -> counters:get(id({other, Ref}), 1) end),
    t(fun() -> counters:info(id(Ref)) end),
    t(fun() -> atomics:get(element(2, W), 1) end),
    %% The magic reference is a reference like any other.
    Copy = binary_to_term(term_to_binary(Ref)),
    io:format("~p ~p ~p~n", [Copy =:= Ref, Copy == Ref, is_reference(Copy)]),
    io:format("~p ~p~n", [erlang:phash2(Copy) =:= erlang:phash2(Ref), erlang:phash2(Ref, 1) =:= 0]),
    io:format("~p ~p ~p~n", [Ref =:= element(2, W), Ref < id(self()), Ref > id(1.0)]),
    io:format("~p~n", [maps:get(Ref, #{Ref => found})]),
    io:format("~p~n", [length(lists:usort([Ref, element(2, W), Ref, Copy]))]),
    io:format("~p~n", [node(Ref) =:= node()]),
    ok.
