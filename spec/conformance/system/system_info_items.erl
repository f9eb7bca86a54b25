%% erlang:system_info/1 for the items girder answers, in OTP's forms:
%% scheduler and process counts and limits, the release (girder claims
%% OTP 25), the word size, version strings, the machine, atom counts, the
%% processors, the thread pool, smp_support, threads, endian and os_type (which
%% OTP's os:type/0 returns); badarg for anything else.
-module(system_info_items).
-export([main/1, id/1]).

main(_) ->
    I = fun erlang:system_info/1,
    Schedulers = I(schedulers),
    p({schedulers, is_integer(Schedulers), Schedulers > 0, I(schedulers_online) =:= Schedulers}),
    Count = I(process_count),
    p({process_count, is_integer(Count), Count >= 1, I(process_limit) > Count}),
    Pid = spawn(fun() -> receive stop -> ok end end),
    p({process_count_with_one_more, I(process_count) >= 2}),
    Pid ! stop,
    p({otp_release, I(otp_release)}),
    p({wordsize, I(wordsize), I({wordsize, internal}), I({wordsize, external})}),
    Version = I(version),
    p({version, lists:all(fun(Ch) -> (Ch >= $0 andalso Ch =< $9) orelse Ch =:= $. end, Version),
       Version =/= []}),
    SystemVersion = I(system_version),
    p({system_version, lists:prefix("Erlang/OTP 25", SystemVersion), lists:last(SystemVersion)}),
    p({machine, I(machine)}),
    Atoms = I(atom_count),
    p({atom_count, is_integer(Atoms), Atoms =< I(atom_limit)}),
    _ = list_to_atom("a_new_atom_" ++ integer_to_list(erlang:unique_integer([positive]))),
    p({atom_count_grew, I(atom_count) > Atoms}),
    p({logical_processors, is_integer(I(logical_processors)) andalso I(logical_processors) > 0}),
    p({thread_pool_size, is_integer(I(thread_pool_size))}),
    p({smp_support, I(smp_support), threads, I(threads)}),
    p({endian, I(endian)}),
    {Family, Name} = I(os_type),
    p({os_type, is_atom(Family), is_atom(Name), os:type() =:= {Family, Name}}),
    p([try I(id(Item)) catch C:R -> {C, R} end || Item <- [foo, {wordsize, foo}, {foo}, "version", 1]]).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
