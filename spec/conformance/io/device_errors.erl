%% A device that is not one raises as in Erlang: badarg for an atom that
%% is neither a device nor a registered name and for characters that are
%% not chardata, function_clause for a term that is neither an atom nor a
%% pid, calling_self for the caller's own pid or name.
-module(device_errors).
-export([main/1, id/1]).

main(_) ->
    register(device_errors_self, self()),
    p(try io:format(id(nodev), "x~n", []) catch C1:R1 -> {C1, R1} end),
    p(try io:put_chars(id(nodev), "x") catch C2:R2 -> {C2, R2} end),
    p(try io:nl(id(nodev)) catch C3:R3 -> {C3, R3} end),
    p(try io:format(id(42), "x", []) catch C4:R4 -> {C4, R4} end),
    p(try io:format(id(device_errors_self), "x", []) catch C5:R5 -> {C5, R5} end),
    p(try io:put_chars(self(), "x") catch C6:R6 -> {C6, R6} end),
    p(try io:format(standard_io, id("~d"), [a]) catch C7:R7 -> {C7, R7} end),
    p(try io:put_chars(standard_io, id(foo)) catch C8:R8 -> {C8, R8} end),
    p(try io:put_chars(user, id([-1])) catch C9:R9 -> {C9, R9} end),
    p(try io:nl(standard_error) catch C10:R10 -> {C10, R10} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
