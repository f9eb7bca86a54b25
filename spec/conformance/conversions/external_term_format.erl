-module(external_term_format).
-export([main/1, id/1]).

%% term_to_binary/1 writes what Erlang/OTP 25 writes, byte for byte, and
%% binary_to_term/1 reads it back (and older or unusual forms) to an equal term.
main(_) ->
    show(id(terms())),
    round_trips(id(terms())),
    Big = id(1) bsl 2100,
    io:format("~w~n", [term_to_binary(Big)]),
    io:format("~w~n", [binary_to_term(term_to_binary(-Big)) =:= -Big]),
    Tuple = list_to_tuple(lists:seq(1, id(300))),
    io:format("~w~n", [term_to_binary(Tuple)]),
    io:format("~w~n", [binary_to_term(term_to_binary(Tuple)) =:= Tuple]),
    Long = lists:duplicate(id(70000), $a),
    io:format("~w~n", [byte_size(term_to_binary(Long))]),
    io:format("~w~n", [binary_to_term(term_to_binary(Long)) =:= Long]),
    decode(id(encoded())),
    same_bytes(id(foreign())),
    bad(id(malformed())).

terms() ->
    [0, 1, 255, 256, -1, -256, 2147483647, 2147483648, -2147483648, -2147483649,
     576460752303423487, 576460752303423488, -576460752303423488, -576460752303423489,
     18446744073709551615, 18446744073709551616, -18446744073709551616,
     1.5, 0.1, -2.5e-300, 1.0e300, 0.0,
     abc, 'hello world', 'EXIT', 'ÿ', '€uro', 'λ',
     {}, {a}, {a, b, c}, {{1, 2}, {3, {4}}},
     [], "abc", "é", [0, 255], [1, 2 | 3], [256], [-1], "a€", [a, "b", <<"c">>], [[]], [[], []],
     #{}, #{a => 1}, #{b => [2], a => {1}, 1 => one, 1.0 => float},
     <<>>, <<1, 2, 3>>, <<"hello">>,
     {nested, [{x, #{k => <<"v">>, "l" => [1.5, -7]}}, "str"], 99999999999999999999}].

show([T | Ts]) ->
    io:format("~w~n", [term_to_binary(T)]),
    show(Ts);
show([]) ->
    ok.

round_trips([T | Ts]) ->
    io:format("~w~n", [binary_to_term(term_to_binary(T)) =:= T]),
    round_trips(Ts);
round_trips([]) ->
    ok.

%% Forms term_to_binary/1 does not write but binary_to_term/1 reads.
encoded() ->
    [<<131, 115, 3, "abc">>, <<131, 100, 0, 0>>,
     <<131, 118, 0, 3, "abc">>,
     <<131, 119, 3, "abc">>,
     <<131, 119, 2, 206, 187>>,
     <<131, 99, "1.50000000000000000000e+00", 0, 0, 0, 0, 0>>,
     <<131, 108, 0, 0, 0, 0, 97, 5>>,
     <<131, 97, 1, 0, 0>>,
     <<131, 110, 3, 1, 5, 0, 0>>,
     <<131, 111, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1>>,
     <<131, 116, 0, 0, 0, 2, 97, 2, 97, 1, 97, 1, 97, 2>>,
     <<131, 108, 0, 0, 0, 2, 97, 1, 97, 2, 106>>,
     <<131, 107, 0, 2, 0, 200>>,
     <<131, 105, 0, 0, 0, 1, 106>>].

decode([B | Bs]) ->
    io:format("~w~n", [binary_to_term(B)]),
    decode(Bs);
decode([]) ->
    ok.

%% Pids and references of another node read back and write out unchanged.
foreign() ->
    [<<131, 88, 119, 6, "a@host", 0, 0, 0, 42, 0, 0, 0, 3, 0, 0, 0, 7>>,
     <<131, 103, 100, 0, 6, "b@host", 0, 0, 0, 5, 0, 0, 0, 0, 2>>,
     <<131, 90, 0, 3, 119, 6, "a@host", 0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3>>,
     <<131, 90, 0, 2, 119, 6, "a@host", 0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2>>].

same_bytes([B | Bs]) ->
    T = binary_to_term(B),
    B2 = term_to_binary(T),
    io:format("~w ~w ~w ~w~n", [is_pid(T), is_reference(T), binary_to_term(B2) =:= T, B2]),
    same_bytes(Bs);
same_bytes([]) ->
    ok.

malformed() ->
    [<<>>, <<131>>, <<130, 97, 1>>, <<131, 200>>, <<131, 104, 2, 97, 1>>,
     <<131, 116, 0, 0, 0, 2, 97, 1, 97, 1, 97, 1, 97, 2>>,
     <<131, 109, 255, 255, 255, 255, 0>>, <<131, 119, 1, 255>>,
     <<131, 88, 97, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>>,
     <<131, 70, 127, 240, 0, 0, 0, 0, 0, 0>>,
     not_a_binary].

bad([B | Bs]) ->
    try binary_to_term(B) of
        T -> io:format("~w~n", [{ok, T}])
    catch
        Class:Reason -> io:format("~w~n", [{Class, Reason}])
    end,
    bad(Bs);
bad([]) ->
    ok.

id(X) ->
    X.
