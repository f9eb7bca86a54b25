-module(new_options).
-export([main/1, id/1]).

%% ets:new/2 and ets:info/2: the default table (a protected set keyed on
%% element 1, unnamed, no heir, no concurrency options), each table type,
%% each protection, named_table (ets:new returns the name, which then
%% names the table), {keypos, N}, {heir, Pid, Data}, read_concurrency and
%% write_concurrency (true, false, auto: accepted; what info gives for true
%% and auto depends on OTP's scheduler count, so only its kind is checked)
%% and compressed, read back item by item; the owner is the creating
%% process; two unnamed tables may share a name and are different tables.

id(X) -> X.

items(T) ->
    [{I, ets:info(T, I)} || I <- [type, size, keypos, protection, named_table, name,
                                   heir, read_concurrency, write_concurrency, compressed]].

main(_) ->
    T = ets:new(id(plain), []),
    io:format("~p~n", [items(T)]),
    io:format("owner is self: ~p~n", [ets:info(T, owner) =:= self()]),
    io:format("tid is the name: ~p~n", [T =:= plain]),
    lists:foreach(
      fun(Type) ->
              Tt = ets:new(typed, [Type]),
              io:format("~p: ~p ~p~n", [Type, ets:info(Tt, type), ets:info(Tt, size)])
      end, id([set, ordered_set, bag, duplicate_bag])),
    lists:foreach(
      fun(P) ->
              Tp = ets:new(prot, [P]),
              io:format("~p: ~p~n", [P, ets:info(Tp, protection)])
      end, id([public, protected, private])),
    N = ets:new(id(new_options_named), [named_table, public, ordered_set]),
    io:format("named: ~p ~p ~p~n", [N, ets:info(N, named_table), ets:info(N, name)]),
    true = ets:insert(new_options_named, {k, v}),
    io:format("through the name: ~p~n", [ets:lookup(new_options_named, k)]),
    io:format("~p~n", [items(new_options_named)]),
    K = ets:new(keyed, [{keypos, 2}, bag]),
    true = ets:insert(K, [{row, 1, a}, {row, 2, b}, {other, 1, c}]),
    io:format("keypos: ~p ~p~n", [ets:info(K, keypos), lists:sort(ets:lookup(K, 1))]),
    H = ets:new(heired, [{heir, self(), some_data}]),
    io:format("heir is self: ~p~n", [ets:info(H, heir) =:= self()]),
    H2 = ets:new(heired, [{heir, self(), x}, {heir, none}]),
    io:format("heir none: ~p~n", [ets:info(H2, heir)]),
    C1 = ets:new(conc, [{read_concurrency, true}, {write_concurrency, true}]),
    C2 = ets:new(conc, [{read_concurrency, false}, {write_concurrency, false}]),
    C3 = ets:new(conc, [{write_concurrency, auto}]),
    C4 = ets:new(conc, [ordered_set, {read_concurrency, true}, {write_concurrency, true}, compressed]),
    %% OTP reports write_concurrency true or auto as false when it runs
    %% one scheduler, so for those only the kind of answer is checked.
    Wc = fun(C) -> lists:member(ets:info(C, write_concurrency), [true, false, auto]) end,
    [io:format("~p~n", [[ets:info(C, read_concurrency), Wc(C), ets:info(C, compressed)]]) || C <- [C1, C3, C4]],
    io:format("~p~n", [[ets:info(C2, read_concurrency), ets:info(C2, write_concurrency), ets:info(C2, compressed)]]),
    A = ets:new(same, []),
    B = ets:new(same, []),
    true = ets:insert(A, {x, 1}),
    io:format("two tables named same: ~p ~p ~p ~p~n",
              [A =:= B, ets:info(A, size), ets:info(B, size), ets:lookup(B, x)]),
    ok.
