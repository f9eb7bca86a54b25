%% The test driver of `girder-bench exercism`: runs the EUnit tests of some
%% modules without EUnit's runtime, on erl and on girder alike.
%%
%%     erl -noshell -pa DIR -run exercism_driver main ARG... -s init stop
%%     girder run --pa DIR DIR/exercism_driver.beam ARG...
%%
%% An ARG is a module, whose exports `MOD:module_info(exports)` lists, or
%% `MOD:FUN`, one of its exported functions of arity 0 (consecutive ones of
%% a module make one list), for a VM that has no `module_info` yet. Of
%% these the driver calls every `*_test/0` and expands every `*_test_/0`
%% generator as EUnit does: a fun of arity 0 is a test;
%% `{Line, Tests}`, `{Desc, Tests}` (a string or binary description),
%% `{Mod, Fun}`, `{test, Mod, Fun}`, `{generator, F}`, `{generator, M, F}`,
%% `{spawn, Tests}`, `{timeout, Seconds, Tests}`, `{inorder, Tests}`,
%% `{inparallel, Tests}`, `{inparallel, N, Tests}`, `{setup, ...}`,
%% `{foreach, ...}`, `{with, X, Funs}` and lists of these. Each test runs in
%% a fresh process, killed after EUnit's default five seconds (or the
%% enclosing `timeout`). Only the macros of `eunit.hrl` are needed: they
%% compile to plain code. The driver itself calls no library module but
%% `io:put_chars/1`, and keeps to common BIFs, so that it runs on a VM
%% whose library is still small.
%%
%% Output, one line a test, then one a module and one at the end; each
%% starts with `@@ ` (a test's own output may precede it on its line):
%%
%%     @@ pass<TAB>MOD<TAB>ID
%%     @@ fail<TAB>MOD<TAB>ID<TAB>REASON
%%     @@ module<TAB>MOD<TAB>PASSED<TAB>FAILED
%%     @@ end
%%
%% ID is the function's name, followed by `#N` for the N-th test a
%% generator yields, and by ` "DESC"` when the test has a description.
%% A generator that crashes counts as one failed test, `ID#generator`; a
%% module whose exports cannot be read (it does not load), as one failed
%% test `(module)`.

-module(exercism_driver).
-export([main/1]).

-define(DEFAULT_TIMEOUT_MS, 5000).

%% What a test inherits from the representations that hold it.
-record(ctx, {mod, id, desc = none, timeout = ?DEFAULT_TIMEOUT_MS}).

main(Args) ->
    _ = [run_module(Mod, Functions) || {Mod, Functions} <- group([argument(Arg) || Arg <- Args])],
    emit(["end"]),
    erlang:halt(0).

%% `{Mod, exports}` for "MOD", `{Mod, [Fun]}` for "MOD:FUN".
argument(Arg) ->
    case split(Arg, []) of
        {Mod, Fun} -> {list_to_atom(Mod), [list_to_atom(Fun)]};
        Mod -> {list_to_atom(Mod), exports}
    end.

split([$: | Fun], Acc) -> {reverse(Acc, []), Fun};
split([C | Rest], Acc) -> split(Rest, [C | Acc]);
split([], Acc) -> reverse(Acc, []).

group([{Mod, [_ | _] = First}, {Mod, [_ | _] = Second} | Rest]) -> group([{Mod, First ++ Second} | Rest]);
group([Head | Rest]) -> [Head | group(Rest)];
group([]) -> [].

run_module(Mod, exports) ->
    try Mod:module_info(exports) of
        Exports -> run_module(Mod, [Name || {Name, 0} <- Exports])
    catch
        %% The module cannot be loaded: its tests are not run.
        Class:Reason:Stack -> summary(Mod, [report(Mod, "(module)", {Class, Reason, Stack})])
    end;
run_module(Mod, Functions) ->
    summary(Mod, append([run_export(Mod, Name) || Name <- Functions])).

summary(Mod, Results) ->
    Passed = length([ok || ok <- Results]),
    emit(["module\t", atom_to_list(Mod), "\t", integer_to_list(Passed), "\t",
          integer_to_list(length(Results) - Passed)]).

run_export(Mod, Name) ->
    Text = atom_to_list(Name),
    case {suffix("_test", Text), suffix("_test_", Text)} of
        {true, _} ->
            [run_test(Mod, Text, fun() -> Mod:Name() end, ?DEFAULT_TIMEOUT_MS)];
        {_, true} ->
            try Mod:Name() of
                Tests ->
                    Ctx = #ctx{mod = Mod, id = Text},
                    {Results, _} = expand(Tests, Ctx, 1),
                    Results
            catch
                Class:Reason:Stack ->
                    [report(Mod, Text ++ "#generator", {Class, Reason, Stack})]
            end;
        _ ->
            []
    end.

suffix(Suffix, Text) ->
    length(Text) >= length(Suffix) andalso drop(length(Text) - length(Suffix), Text) =:= Suffix.

prefix([C | Prefix], [C | Text]) -> prefix(Prefix, Text);
prefix([], _) -> true;
prefix(_, _) -> false.

drop(0, List) -> List;
drop(N, [_ | Tail]) -> drop(N - 1, Tail).

append([]) -> [];
append([List | Lists]) -> List ++ append(Lists).

%% Expands a test representation and runs its tests in order. N numbers the
%% generator's tests; returns `{[ok | fail], NextN}`, one result a test.
expand(Tests, Ctx, N) when is_function(Tests, 0) ->
    one(Tests, Ctx, N);
expand([], _Ctx, N) ->
    {[], N};
expand([Head | Tail], Ctx, N) ->
    {First, N1} = expand(Head, Ctx, N),
    {Rest, N2} = expand(Tail, Ctx, N1),
    {First ++ Rest, N2};
expand({Line, Tests}, Ctx, N) when is_integer(Line), Line >= 0 ->
    expand(Tests, Ctx, N);
expand({generator, F}, Ctx, N) when is_function(F, 0) ->
    guarded(F, Ctx, N);
expand({generator, M, F}, Ctx, N) when is_atom(M), is_atom(F) ->
    guarded(fun() -> M:F() end, Ctx, N);
expand({test, M, F}, Ctx, N) when is_atom(M), is_atom(F) ->
    one(fun() -> M:F() end, Ctx, N);
expand({spawn, Tests}, Ctx, N) ->
    expand(Tests, Ctx, N);
expand({spawn, _Node, Tests}, Ctx, N) ->
    expand(Tests, Ctx, N);
expand({timeout, Seconds, Tests}, Ctx, N) when is_number(Seconds) ->
    expand(Tests, Ctx#ctx{timeout = round(Seconds * 1000)}, N);
expand({inorder, Tests}, Ctx, N) ->
    expand(Tests, Ctx, N);
expand({inparallel, Tests}, Ctx, N) ->
    expand(Tests, Ctx, N);
expand({inparallel, Max, Tests}, Ctx, N) when is_integer(Max) ->
    expand(Tests, Ctx, N);
expand({setup, S, I}, Ctx, N) when is_function(S, 0) ->
    setup(S, fun(_) -> ok end, I, Ctx, N);
expand({setup, S, C, I}, Ctx, N) when is_function(S, 0), is_function(C, 1) ->
    setup(S, C, I, Ctx, N);
expand({setup, _Where, S, I}, Ctx, N) when is_function(S, 0) ->
    setup(S, fun(_) -> ok end, I, Ctx, N);
expand({setup, _Where, S, C, I}, Ctx, N) ->
    expand({setup, S, C, I}, Ctx, N);
expand({foreach, S, Is}, Ctx, N) when is_function(S, 0) ->
    expand({foreach, S, fun(_) -> ok end, Is}, Ctx, N);
expand({foreach, S, C, Is}, Ctx, N) when is_function(S, 0), is_function(C, 1), is_list(Is) ->
    foreach(S, C, Is, Ctx, N, []);
expand({foreach, _Where, S, C, Is}, Ctx, N) ->
    expand({foreach, S, C, Is}, Ctx, N);
expand({with, X, Funs}, Ctx, N) when is_list(Funs) ->
    expand([fun() -> F(X) end || F <- Funs], Ctx, N);
expand({M, F}, Ctx, N) when is_atom(M), is_atom(F) ->
    one(fun() -> M:F() end, Ctx, N);
expand({Desc, Tests}, Ctx, N) when is_binary(Desc) ->
    expand({binary_to_list(Desc), Tests}, Ctx, N);
expand({Desc, Tests} = Pair, Ctx, N) ->
    case is_string(Desc) of
        true -> expand(Tests, Ctx#ctx{desc = Desc}, N);
        false -> broken({error, {bad_test, Pair}, []}, Ctx, N)
    end;
expand(Other, Ctx, N) ->
    broken({error, {bad_test, Other}, []}, Ctx, N).

%% Something that should have yielded tests crashed, or is no test: one
%% failed test.
broken(Outcome, #ctx{mod = Mod} = Ctx, N) ->
    {[report(Mod, id(Ctx, N), Outcome)], N + 1}.

%% Calls F (a generator or an instantiator) and expands what it returns.
guarded(F, Ctx, N) ->
    try F() of
        Tests -> expand(Tests, Ctx, N)
    catch
        Class:Reason:Stack -> broken({Class, Reason, Stack}, Ctx, N)
    end.

reverse([], Acc) -> Acc;
reverse([H | T], Acc) -> reverse(T, [H | Acc]).

foreach(_S, _C, [], _Ctx, N, Acc) ->
    {append(reverse(Acc, [])), N};
foreach(S, C, [I | Is], Ctx, N, Acc) ->
    {Results, N1} = setup(S, C, I, Ctx, N),
    foreach(S, C, Is, Ctx, N1, [Results | Acc]).

%% A setup runs in the process that expands the tests; its instantiator is a
%% fun of one argument (the setup's result), `{with, Funs}`, or tests.
setup(S, C, I, Ctx, N) ->
    try S() of
        R ->
            Expanded = guarded(fun() -> instantiate(I, R) end, Ctx, N),
            _ = (catch C(R)),
            Expanded
    catch
        Class:Reason:Stack -> broken({Class, Reason, Stack}, Ctx, N)
    end.

instantiate(I, R) when is_function(I, 1) -> I(R);
instantiate({with, Funs}, R) -> {with, R, Funs};
instantiate(Tests, _R) -> Tests.

is_string([]) -> true;
is_string([C | Rest]) when is_integer(C), C >= 0 -> is_string(Rest);
is_string(_) -> false.

one(F, #ctx{mod = Mod, desc = Desc, timeout = Timeout} = Ctx, N) ->
    Id = case Desc of
             none -> id(Ctx, N);
             _ -> id(Ctx, N) ++ " \"" ++ Desc ++ "\""
         end,
    {[run_test(Mod, Id, F, Timeout)], N + 1}.

id(#ctx{id = Id}, N) ->
    Id ++ "#" ++ integer_to_list(N).

%% Runs one test in a fresh process, at most Timeout milliseconds.
run_test(Mod, Id, F, Timeout) ->
    Parent = self(),
    {Pid, _Ref} = spawn_monitor(fun() ->
        Outcome = try F() of
                      _ -> ok
                  catch
                      Class:Reason:Stack -> {Class, Reason, Stack}
                  end,
        Parent ! {self(), Outcome}
    end),
    Result = receive
                 {Pid, Outcome} -> Outcome
             after Timeout ->
                 exit(Pid, kill),
                 {error, timeout, []}
             end,
    %% Matched by the pid rather than the reference, so that the compiler
    %% emits no receive markers (recv_marker_*), which not every VM runs.
    receive {'DOWN', _, process, Pid, _} -> ok end,
    report(Mod, Id, Result).

report(Mod, Id, ok) ->
    emit(["pass\t", atom_to_list(Mod), "\t", Id]),
    ok;
report(Mod, Id, {Class, Reason, Stack}) ->
    emit(["fail\t", atom_to_list(Mod), "\t", Id, "\t", atom_to_list(Class), ":", reason(Reason),
          where(Reason, Stack)]),
    fail.

%% A short reason: the atom, or a tuple's leading atom.
reason(Reason) when is_atom(Reason) -> atom_to_list(Reason);
reason(Reason) when is_tuple(Reason), tuple_size(Reason) > 0, is_atom(element(1, Reason)) ->
    atom_to_list(element(1, Reason));
reason(_) -> "term".

%% Where an error other than an assertion's happened: the top frame, or
%% for a function a NIF should have replaced, that function's frame.
where(undef, [{erlang, nif_error, _, _} | [_ | _] = Stack]) -> where(undef, Stack);
where({bad_test, _}, _) -> "";
where(timeout, _) -> "";
where(Reason, [{M, F, A, _} | _]) when is_atom(M), is_atom(F) ->
    case is_assertion(Reason) of
        true -> "";
        false -> " at " ++ atom_to_list(M) ++ ":" ++ atom_to_list(F) ++ "/" ++ integer_to_list(arity(A))
    end;
where(_, _) -> "".

arity(A) when is_list(A) -> length(A);
arity(A) -> A.

%% EUnit's assertions fail with `{assertEqual, Info}` and the like (older
%% releases: `{assertEqual_failed, Info}`).
is_assertion(Reason) when is_tuple(Reason), tuple_size(Reason) > 0, is_atom(element(1, Reason)) ->
    Name = atom_to_list(element(1, Reason)),
    prefix("assert", Name) orelse suffix("_failed", Name);
is_assertion(_) -> false.

emit(Parts) ->
    io:put_chars([$\n, "@@ ", Parts, $\n]).
