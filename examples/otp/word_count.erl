%% ETS, as real programs use it: worker processes count words into one
%% shared public table with update_counter/4, a reader ranks them with a
%% match specification written as a fun (ets:fun2ms), and the table,
%% owned by a process that crashes, passes to its heir.
-module(word_count).

-export([main/1]).

-include_lib("stdlib/include/ms_transform.hrl").

-define(TEXT, "the quick brown fox jumps over the lazy dog the dog sleeps "
              "and the fox runs over the hill while the lazy dog dreams").

main(_) ->
    Self = self(),
    %% The owner makes the table and names this process its heir.
    Owner = spawn(fun() ->
        Table = ets:new(words, [set, public, named_table,
                                {write_concurrency, true}, {heir, Self, counted}]),
        Self ! {made, Table},
        receive crash -> exit(crashed) end
    end),
    receive {made, words} -> ok end,
    %% Four workers count the words of the text, each a quarter of it.
    Words = string:lexemes(?TEXT, " "),
    Parts = split(Words, 4),
    Workers = [spawn_monitor(fun() -> count(Part) end) || Part <- Parts],
    [receive {'DOWN', Ref, process, Pid, normal} -> ok end || {Pid, Ref} <- Workers],
    io:format("~p distinct words in ~p~n", [ets:info(words, size), length(Words)]),
    %% The words seen more than once, most frequent first.
    Frequent = ets:select(words, ets:fun2ms(fun({Word, N}) when N > 1 -> {N, Word} end)),
    [io:format("~-6s ~p~n", [Word, N]) || {N, Word} <- lists:reverse(lists:sort(Frequent))],
    io:format("dog: ~p, cat: ~p~n", [ets:lookup_element(words, "dog", 2), ets:member(words, "cat")]),
    %% The owner crashes: the table passes to its heir, this process.
    Owner ! crash,
    receive
        {'ETS-TRANSFER', words, Owner, Data} ->
            io:format("inherited words (~p), owner now me: ~p~n", [Data, ets:info(words, owner) =:= self()])
    end,
    ets:delete(words),
    io:format("after delete: ~p~n", [ets:info(words)]).

count(Words) ->
    [ets:update_counter(words, Word, 1, {Word, 0}) || Word <- Words],
    ok.

split(List, N) ->
    Size = (length(List) + N - 1) div N,
    split_every(List, Size).

split_every([], _) -> [];
split_every(List, Size) when length(List) =< Size -> [List];
split_every(List, Size) ->
    {Part, Rest} = lists:split(Size, List),
    [Part | split_every(Rest, Size)].
