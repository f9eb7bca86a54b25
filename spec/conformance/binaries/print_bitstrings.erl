%% Bitstrings print as Erlang/OTP prints them: the bytes, then the trailing
%% bits as Value:Size, never as a string; with a depth limit (~P, ~W) the
%% trailing bits count as one more element; long ones break between bytes.
%% The bitstrings are literals, and the results of binary_to_term: heap
%% binaries, and ones over 64 bytes held off the heap.
-module(print_bitstrings).
-export([main/1, id/1]).

main(_) ->
    Terms = id([<<5:3>>, <<1, 2, 3:4>>, <<"abc", 1:1>>, <<0:1>>, <<>>, <<"abc">>, <<97, 98, 0>>,
                binary_to_term(<<131, 77, 0, 0, 0, 2, 5, 104, 232>>),
                {<<"abc", 1:1>>, [<<5:3>>]}]),
    lists:foreach(fun(T) ->
                          io:format("~p ~w ~P ~W ~P ~W~n", [T, T, T, 3, T, 3, T, 1, T, 2])
                  end, Terms),
    Long = binary_to_term(list_to_binary([131, 77, 0, 0, 0, 91, 2, copies("abc", 30), 192])),
    io:format("~p~n", [Long]),
    Counting = binary_to_term(list_to_binary([131, 77, 0, 0, 0, 42, 3, upto(0, 40), 32])),
    io:format("~p~n", [Counting]),
    io:format("~p~n", [{ok, [Counting]}]),
    Text = binary_to_term(list_to_binary([131, 109, 0, 0, 0, 100, copies("0123456789", 10)])),
    io:format("~p~n~P~n", [Text, Text, 5]).

copies(_, 0) -> [];
copies(Chars, N) -> [Chars | copies(Chars, N - 1)].

upto(N, Last) when N > Last -> [];
upto(N, Last) -> [N | upto(N + 1, Last)].

id(X) -> X.
