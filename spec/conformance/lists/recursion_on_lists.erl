%% Hand-written list recursion: length, sum, reverse and zip, body- and
%% tail-recursive, taking lists apart with get_list, get_hd and get_tl.
-module(recursion_on_lists).
-export([main/1, id/1]).

main(_) ->
    L = id([3, 1, 4, 1, 5, 9, 2, 6]),
    p(len(L)),
    p(sum(L, 0)),
    p(rev(L, [])),
    p(zip(L, id([a, b, c, d, e, f, g, h]))),
    p(firsts(id([[1, 2], [3], [4, 5, 6]]))),
    p(seconds(id([[1, 2], [3, 4]]))).

len([]) -> 0;
len([_ | T]) -> 1 + len(T).

sum([], Acc) -> Acc;
sum([H | T], Acc) -> sum(T, H + Acc).

rev([], Acc) -> Acc;
rev([H | T], Acc) -> rev(T, [H | Acc]).

zip([A | As], [B | Bs]) -> [{A, B} | zip(As, Bs)];
zip([], []) -> [].

firsts(Ls) -> [hd(L) || L <- Ls].

seconds([]) -> [];
seconds([L | Ls]) -> [hd(tl(L)) | seconds(Ls)].

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
