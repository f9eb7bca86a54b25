%% Maps larger than 32 pairs (a tree in girder, a hash trie in OTP): built
%% by puts, by maps:from_list/1, by a literal and by binary_to_term/1;
%% updated, matched, merged, removed from down to small again; compared,
%% hashed, sent to a process and back. Orders are printed sorted, as the
%% order OTP iterates a large map in is its trie's.
-module(large_maps).
-export([main/1]).

main(_) ->
    Big = lists:foldl(fun(K, M) -> M#{K => K * K} end, #{}, lists:seq(1, 1000)),
    p(map_size(Big)),
    p([maps:get(K, Big) || K <- [1, 33, 500, 1000]]),
    p(maps:find(1001, Big)),
    p(maps:is_key(777, Big)),
    p(lists:sum(maps:values(Big))),
    p(maps:fold(fun(K, V, Acc) -> Acc + K + V end, 0, Big)),
    p(lists:sublist(lists:sort(maps:to_list(Big)), 3)),
    %% A key of each kind, and keys that are equal but not exactly.
    Mixed = maps:from_list([{K, k} || K <- lists:seq(1, 40)] ++
                           [{1.0, float_one}, {<<"bin">>, b}, {"str", s}, {{t, 1}, t},
                            {[a], l}, {atom, a}, {#{inner => 1}, m}, {self(), pid}]),
    p(map_size(Mixed)),
    p([maps:get(K, Mixed) || K <- [1, 1.0, <<"bin">>, "str", {t, 1}, [a], atom, #{inner => 1}]]),
    p(lists:sort(maps:keys(maps:without(lists:seq(1, 40), Mixed))) -- [self()]),
    %% Updates: the syntax, matching, and what fails.
    Updated = Big#{500 := updated, 1001 => new},
    #{500 := U, 1001 := N, 1 := One} = Updated,
    p({U, N, One, map_size(Updated)}),
    p(try Big#{2000 := x} catch error:Reason -> Reason end),
    p(case Big of #{2000 := _} -> found; #{999 := V} -> {found, V} end),
    %% From large back to small, and at the boundary.
    Small = maps:without(lists:seq(33, 1000), Big),
    p({map_size(Small), lists:sort(maps:keys(Small)) =:= lists:seq(1, 32)}),
    ThirtyThree = Small#{33 => 1089},
    p({map_size(ThirtyThree), ThirtyThree =:= maps:with(lists:seq(1, 33), Big)}),
    p(maps:remove(33, ThirtyThree) =:= Small),
    p(lists:foldl(fun maps:remove/2, Big, lists:seq(1, 1000))),
    %% Equal maps built different ways; order between large maps.
    FromList = maps:from_list([{K, K * K} || K <- lists:reverse(lists:seq(1, 1000))]),
    p({FromList =:= Big, FromList == Big, erlang:phash2(FromList) =:= erlang:phash2(Big)}),
    p({Big < Updated, Updated > Big, Big < maps:remove(1, Big), Big#{1 := 2} > Big}),
    p(maps:merge(Big, #{0 => zero, 1 => one}) =:= Big#{0 => zero, 1 := one}),
    p(map_size(maps:merge(Big, maps:from_list([{K, x} || K <- lists:seq(900, 1900)])))),
    %% The external format, both ways, and a literal.
    p(binary_to_term(term_to_binary(Big)) =:= Big),
    p(byte_size(term_to_binary(Big))),
    Literal = literal(),
    p({map_size(Literal), maps:get(k40, Literal), Literal =:= maps:from_list([{list_to_atom("k" ++ integer_to_list(I)), I} || I <- lists:seq(1, 40)])}),
    %% Sent to a process and back.
    Self = self(),
    Pid = spawn(fun() -> receive M -> Self ! {back, M#{echo => true}} end end),
    Pid ! Big,
    receive {back, Back} -> p({map_size(Back), maps:get(echo, Back), maps:remove(echo, Back) =:= Big}) end,
    p(erlang:phash2(Big)),
    ok.

literal() ->
    #{k1 => 1, k2 => 2, k3 => 3, k4 => 4, k5 => 5, k6 => 6, k7 => 7, k8 => 8, k9 => 9, k10 => 10,
      k11 => 11, k12 => 12, k13 => 13, k14 => 14, k15 => 15, k16 => 16, k17 => 17, k18 => 18, k19 => 19, k20 => 20,
      k21 => 21, k22 => 22, k23 => 23, k24 => 24, k25 => 25, k26 => 26, k27 => 27, k28 => 28, k29 => 29, k30 => 30,
      k31 => 31, k32 => 32, k33 => 33, k34 => 34, k35 => 35, k36 => 36, k37 => 37, k38 => 38, k39 => 39, k40 => 40}.

p(Term) -> io:format("~p~n", [Term]).
