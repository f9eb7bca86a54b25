-module(persistent_terms).
-export([main/1, id/1]).

%% persistent_term: put/get/erase with keys of any kind compared by =:=,
%% get/2's default, get/0, info/0's count, replacing a term, and get of a
%% missing key raising badarg. A term got stays whole after it is erased
%% or replaced, through collections.

id(X) -> X.

t(F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~p~n", [R]).

count() -> maps:get(count, persistent_term:info()).

mine() ->
    lists:sort([KV || {K, _} = KV <- persistent_term:get(), is_tuple(K), element(1, K) =:= shared]).

main(_) ->
    Count = count(),
    t(fun() -> is_integer(maps:get(memory, persistent_term:info())) end),
    t(fun() -> persistent_term:get(id({shared, missing})) end),
    t(fun() -> persistent_term:get(id({shared, missing}), default) end),
    t(fun() -> persistent_term:erase(id({shared, missing})) end),
    Value = [a, {b, <<"bin">>}, 3.5, #{k => v}, lists:seq(1, 5), <<1:300>>],
    t(fun() -> persistent_term:put({shared, 1}, id(Value)) end),
    t(fun() -> persistent_term:get({shared, 1}) end),
    t(fun() -> persistent_term:get({shared, 1.0}) end),
    t(fun() -> persistent_term:put({shared, 1.0}, float_key) end),
    t(fun() -> [persistent_term:get({shared, 1.0}), persistent_term:get({shared, 1}) =:= Value] end),
    t(fun() -> persistent_term:put({shared, <<"binary key">>}, 2) end),
    t(fun() -> persistent_term:put({shared, [1, 2, 3]}, 3) end),
    t(fun() -> persistent_term:put({shared, #{a => 1}}, 4) end),
    t(fun() -> persistent_term:put({shared, self()}, pid) end),
    t(fun() -> [persistent_term:get({shared, <<"binary key">>}), persistent_term:get({shared, [1, 2, 3]}),
                persistent_term:get({shared, #{a => 1}}), persistent_term:get({shared, self()})] end),
    t(fun() -> count() - Count end),
    Held = persistent_term:get({shared, 1}),
    t(fun() -> persistent_term:put({shared, 1}, replaced) end),
    t(fun() -> persistent_term:put({shared, 1}, replaced) end),
    t(fun() -> persistent_term:get({shared, 1}) end),
    t(fun() -> count() - Count end),
    garbage(3000),
    t(fun() -> Held =:= Value end),
    Again = persistent_term:get({shared, 1.0}),
    t(fun() -> persistent_term:erase({shared, 1.0}) end),
    t(fun() -> persistent_term:erase({shared, 1.0}) end),
    t(fun() -> persistent_term:get({shared, 1.0}) end),
    garbage(3000),
    t(fun() -> {Again, Held} end),
    t(fun() -> [K || {{shared, K}, _} <- mine(), not is_pid(K)] end),
    [persistent_term:erase(K) || {K, _} <- mine()],
    t(fun() -> {count() - Count, mine()} end),
    t(fun() -> persistent_term:get() =:= persistent_term:get() end),
    ok.

garbage(0) -> ok;
garbage(N) ->
    _ = id(lists:seq(1, 10)),
    garbage(N - 1).
