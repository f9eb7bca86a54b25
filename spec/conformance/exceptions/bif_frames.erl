%% A BIF that fails leaves its own frame on top of the stack trace, as
%% OTP 25 shows it: {erlang, Name, Args, [{error_info, #{module => M}}]}
%% (with a cause for some), then the frame of the function that called it;
%% also for the inline bif and gc_bif forms and for `!`. An addition of a
%% small integer constant fails in the calling function, with no frame of
%% its own, as in OTP, and so does a division, which erlc compiles into
%% float instructions.
-module(bif_frames).
-export([main/1, id/1]).

main(_) ->
    A = id(a),
    One = id(1),
    try One + A catch error:_:S1 -> p(top(S1)) end,
    try A + 1 catch error:_:S2 -> p(top(S2)) end,
    try A - 1 catch error:_:S3 -> p(top(S3)) end,
    try 1 - A catch error:_:S4 -> p(top(S4)) end,
    try element(One, A) catch error:_:S5 -> p(top(S5)) end,
    try length(A) catch error:_:S6 -> p(top(S6)) end,
    try A ! hello catch error:_:S7 -> p(top(S7)) end,
    try lists:member(a, A) catch error:_:S8 -> p(top(S8)) end,
    try maps:find(a, A) catch error:_:S9 -> p(top(S9)) end,
    try atom_to_list(One) catch error:_:S10 -> p(top(S10)) end,
    try process_flag(A, true) catch error:_:S11 -> p(top(S11)) end,
    try monitor(A, self()) catch error:_:S12 -> p(top(S12)) end,
    try map_size(A) catch error:_:S13 -> p(top(S13)) end,
    try in_tail(A) catch error:_:S14 -> p(top(S14)) end,
    try One / A catch error:_:S15 -> p(top(S15)) end.

in_tail(X) -> tuple_size(X).

%% The failing BIF's frame and its caller's, or the failing function's
%% frame, each location without the file (which names the path the source
%% was compiled from).
top([{M, _, _, _} = First, Second | _]) when M =/= bif_frames -> [no_file(First), no_file(Second)];
top([First | _]) -> [no_file(First)].

no_file({M, F, A, Location}) -> {M, F, A, [Item || {Key, _} = Item <- Location, Key =/= file]}.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
