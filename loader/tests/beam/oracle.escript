#!/usr/bin/env escript
%% Prints what Erlang/OTP itself reads from each BEAM file named on the
%% command line, in a plain form that loader/tests/beam_read.rs prints from
%% girder's reader too, so that the two can be compared line by line.
%%
%% Per file: its atoms, imports, exports, local functions and funs (atoms as
%% lists of character codes), every literal in a canonical form, and the
%% names of its generic instructions in order.
-mode(compile).

main(Files) ->
    lists:foreach(fun file/1, Files).

file(File) ->
    io:format("file ~s~n", [filename:basename(File)]),
    {ok, {_, [{atoms, Atoms}]}} = beam_lib:chunks(File, [atoms]),
    [io:format("atom ~w~n", [atom_to_list(A)]) || {_, A} <- lists:sort(Atoms)],
    {ok, {_, [{imports, Imports}]}} = beam_lib:chunks(File, [imports]),
    [io:format("import ~w ~w ~w~n", [atom_to_list(M), atom_to_list(F), A]) || {M, F, A} <- Imports],
    {ok, {_, [{labeled_exports, Exports}]}} = beam_lib:chunks(File, [labeled_exports]),
    [io:format("export ~w ~w ~w~n", [atom_to_list(F), A, L]) || {F, A, L} <- Exports],
    {ok, {_, [{labeled_locals, Locals}]}} = beam_lib:chunks(File, [labeled_locals]),
    [io:format("local ~w ~w ~w~n", [atom_to_list(F), A, L]) || {F, A, L} <- Locals],
    case beam_lib:chunks(File, ["LitT"]) of
        {ok, {_, [{"LitT", <<_:32, Compressed/binary>>}]}} ->
            <<Count:32, Table/binary>> = zlib:uncompress(Compressed),
            literals(Count, Table);
        _ ->
            ok
    end,
    {beam_file, _, _, _, _, Code} = beam_disasm:file(File),
    [io:format("op ~s~n", [op_name(I)]) || {function, _, _, _, Is} <- Code, I <- Is],
    ok.

literals(0, <<>>) -> ok;
literals(N, <<Size:32, Term:Size/binary, Rest/binary>>) ->
    io:format("literal ~s~n", [canonical(binary_to_term(Term))]),
    literals(N - 1, Rest).

canonical(I) when is_integer(I) -> ["i:", integer_to_list(I)];
canonical(F) when is_float(F) -> <<Bits:64>> = <<F/float>>, ["f:", integer_to_list(Bits, 16)];
canonical(A) when is_atom(A) -> ["a:", io_lib:format("~w", [atom_to_list(A)])];
canonical([]) -> "nil";
canonical(L) when is_list(L) -> ["l(", cons(L), ")"];
canonical(T) when is_tuple(T) -> ["t(", lists:join(",", [canonical(E) || E <- tuple_to_list(T)]), ")"];
canonical(M) when is_map(M) ->
    Pairs = lists:sort([lists:flatten([canonical(K), "=>", canonical(V)]) || {K, V} <- maps:to_list(M)]),
    ["m(", lists:join(",", Pairs), ")"];
canonical(B) when is_binary(B) -> ["b:", [io_lib:format("~2.16.0b", [X]) || <<X>> <= B]];
canonical(B) when is_bitstring(B) ->
    N = bit_size(B) rem 8,
    <<Whole:(bit_size(B) - N)/bitstring, Last:N>> = B,
    ["s:", [io_lib:format("~2.16.0b", [X]) || <<X>> <= Whole], ":", integer_to_list(Last), "/", integer_to_list(N)];
canonical(F) when is_function(F) ->
    {module, M} = erlang:fun_info(F, module),
    {name, N} = erlang:fun_info(F, name),
    {arity, A} = erlang:fun_info(F, arity),
    ["e:", canonical(M), ":", canonical(N), "/", integer_to_list(A)];
canonical(Other) -> ["other:", io_lib:format("~w", [Other])].

cons([H | T]) when is_list(T), T =/= [] -> [canonical(H), ",", cons(T)];
cons([H | []]) -> [canonical(H), "|nil"];
cons([H | T]) -> [canonical(H), "|", canonical(T)].

%% beam_disasm names each generic instruction as the compiler's assembly
%% does: the numbered bif and gc_bif forms fold into one name, and tests and
%% float arithmetic are wrapped in a tuple that names them second.
op_name(I) when element(1, I) =:= test; element(1, I) =:= arithfbif -> atom_to_list(element(2, I));
op_name(I) when is_tuple(I) -> atom_to_list(element(1, I));
op_name(I) when is_atom(I) -> atom_to_list(I).
