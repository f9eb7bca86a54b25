-module(persistent_shared).
-export([main/1, id/1]).

%% A persistent term of a 1 MB binary and a list, got by 1,000 processes
%% at once; then terms erased and replaced while processes hold them: each
%% holder still reads its term whole after collections.

id(X) -> X.

reader(Parent, N) ->
    {Big, List} = persistent_term:get({shared, big}),
    Parent ! {done, self(), {byte_size(Big), binary:at(Big, N rem 10), lists:sum(List)}}.

holder(Parent) ->
    Term = persistent_term:get({shared, held}),
    Parent ! {got, self()},
    receive go -> ok end,
    garbage(500),
    Parent ! {still, self(), Term}.

main(_) ->
    Big = binary:copy(id(<<"0123456789">>), 100000),
    ok = persistent_term:put({shared, big}, {Big, lists:seq(1, 100)}),
    Parent = self(),
    Readers = [spawn(fun() -> reader(Parent, N) end) || N <- lists:seq(1, 1000)],
    Results = [receive {done, P, R} -> R end || P <- Readers],
    io:format("~p ~p~n", [length(Results), lists:usort(Results)]),
    ok = persistent_term:put({shared, held}, {held, lists:seq(1, 20), <<"held">>}),
    Holders = [spawn(fun() -> holder(Parent) end) || _ <- lists:seq(1, 20)],
    [receive {got, H} -> ok end || H <- Holders],
    ok = persistent_term:put({shared, held}, replaced),
    true = persistent_term:erase({shared, big}),
    [H ! go || H <- Holders],
    Held = [receive {still, H, T} -> T end || H <- Holders],
    io:format("~p~n", [lists:usort(Held)]),
    io:format("~p~n", [persistent_term:get({shared, held})]),
    true = persistent_term:erase({shared, held}),
    io:format("~p~n", [persistent_term:get({shared, big}, gone)]),
    ok.

garbage(0) -> ok;
garbage(N) ->
    _ = id(lists:seq(1, 10)),
    garbage(N - 1).
