-module(big_terms).
-export([main/1, id/1]).

%% Terms of every kind stored and read back equal (=:=): binaries longer
%% than 64 bytes (off the heap) and sub-binaries of them, nested tuples,
%% lists and maps (small and large), floats, bignums, negative numbers,
%% pids, references, funs, as keys and as values; the copy read back is
%% the table's, so the stored binary outlives the writer's copy and
%% collections. Keys that are binaries, bignums, maps or tuples find their
%% objects in a set and an ordered_set; floats and bignums order
%% correctly in an ordered_set. Refs, pids and funs are compared, never
%% printed.

id(X) -> X.

terms() ->
    Big = list_to_binary(lists:seq(0, 255)),
    <<_:10/binary, Sub:100/binary, _/binary>> = Big,
    LargeMap = maps:from_list([{I, {v, I}} || I <- lists:seq(1, 40)]),
    [Big,
     Sub,
     <<1, 2, 3>>,
     <<"a bit string", 5:3>>,
     {nested, {deeper, {deepest, [1, 2, {x, <<"bin">>}]}}},
     [[[a]], [b, [c, [d | e]]]],
     #{a => 1, "b" => [2], {c} => #{d => <<"e">>}},
     LargeMap,
     3.141592653589793,
     -0.5,
     1.0e300,
     123456789012345678901234567890,
     -98765432109876543210,
     1 bsl 64,
     -1,
     self(),
     make_ref(),
     fun id/1,
     fun(X) -> {X, Big} end,
     "a string",
     [],
     {}].

main(_) ->
    Terms = terms(),
    lists:foreach(
      fun(Type) ->
              T = ets:new(t, [Type]),
              Indexed = lists:zip(lists:seq(1, length(Terms)), Terms),
              %% As values, keyed by their index; as keys, valued by it.
              true = ets:insert(T, [{I, Term} || {I, Term} <- Indexed]),
              true = ets:insert(T, [{{key, Term}, I} || {I, Term} <- Indexed]),
              erlang:garbage_collect(),
              Values = [ets:lookup_element(T, I, 2) =:= Term || {I, Term} <- Indexed],
              Keys = [ets:lookup(T, {key, Term}) =:= [{{key, Term}, I}] || {I, Term} <- Indexed],
              io:format("~p: size ~p, values ~p, keys ~p~n",
                        [Type, ets:info(T, size), lists:all(fun(B) -> B end, Values),
                         lists:all(fun(B) -> B end, Keys)]),
              io:format("  big binary: ~p ~p~n", [byte_size(ets:lookup_element(T, 1, 2)),
                                                  binary:at(ets:lookup_element(T, 2, 2), 99)]),
              io:format("  map value: ~p~n", [maps:get({c}, ets:lookup_element(T, 7, 2))]),
              io:format("  large map: ~p ~p~n", [map_size(ets:lookup_element(T, 8, 2)),
                                                 maps:get(40, ets:lookup_element(T, 8, 2))]),
              io:format("  numbers: ~p~n", [[ets:lookup_element(T, I, 2) || I <- lists:seq(9, 15)]]),
              io:format("  fun applies: ~p~n", [(ets:lookup_element(T, 19, 2))(7) =:= {7, hd(Terms)}]),
              io:format("  match in a nested value: ~p~n",
                        [ets:match(T, {'$1', {nested, {deeper, {deepest, [1, '_', {'$2', '_'}]}}}})]),
              io:format("  select by a big binary key: ~p~n",
                        [ets:select(T, [{{{key, '$1'}, '$2'}, [{'=:=', '$1', {const, hd(Terms)}}], ['$2']}])])
      end, id([set, ordered_set])),
    %% The writer's binary ends; the table's copy lives on.
    Self = self(),
    T = ets:new(kept, [public]),
    {P, M} = spawn_monitor(fun() ->
                                   B = binary:copy(<<"0123456789">>, 1000),
                                   true = ets:insert(T, {bin, B, binary:part(B, 5000, 100)}),
                                   Self ! {written, self()}
                           end),
    receive {written, P} -> ok end,
    receive {'DOWN', M, process, P, _} -> ok end,
    erlang:garbage_collect(),
    [{bin, B, Part}] = ets:lookup(T, bin),
    io:format("kept: ~p ~p ~p~n", [byte_size(B), binary:part(B, 9990, 10), Part =:= binary:part(B, 5000, 100)]),
    O = ets:new(numbers, [ordered_set]),
    true = ets:insert(O, [{N, x} || N <- id([1 bsl 70, -(1 bsl 70), 2.5, 2, -0.5, 1.0e300, 0, 1 bsl 64, 1.5e19])]),
    io:format("ordered numbers: ~p~n", [[K || {K, _} <- ets:tab2list(O)]]),
    ok.
