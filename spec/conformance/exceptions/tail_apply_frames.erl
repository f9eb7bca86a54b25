%% A BIF entered by a tail apply (`apply/3` as the last call, `M:F(A)`, a
%% fun `fun M:F/A` called last, or erlang:apply/2,3 called last) has no
%% caller frame under its own: the function that applied it left the stack,
%% so the trace goes on with the caller's caller, as in OTP; so has a
%% missing function called so (`undef`). A tail call_ext of a BIF keeps its
%% caller's frame, there as here.
-module(tail_apply_frames).
-export([main/1, id/1]).

main(_) ->
    try tail_apply(erlang, atom_to_list, [1]) catch error:_:S1 -> p(frames(S1)) end,
    try tail_fun(fun erlang:atom_to_list/1, 1) catch error:_:S2 -> p(frames(S2)) end,
    try tail_apply2(fun erlang:atom_to_list/1, [1]) catch error:_:S3 -> p(frames(S3)) end,
    try body_apply(erlang, atom_to_list, [1]) catch error:_:S4 -> p(frames(S4)) end,
    try tail_call_ext(1) catch error:_:S5 -> p(frames(S5)) end,
    try tail_apply(nomod, nofun, [1]) catch error:_:S6 -> p(frames(S6)) end,
    try tail_dynamic(nomod, nofun, 1) catch error:_:S7 -> p(frames(S7)) end,
    try tail_fun(fun nomod:nofun/1, 1) catch error:_:S8 -> p(frames(S8)) end.

tail_dynamic(M, F, X) -> M:F(X).


tail_apply(M, F, A) -> apply(M, F, A).

tail_fun(F, X) -> F(X).

tail_apply2(F, A) -> erlang:apply(F, A).

body_apply(M, F, A) ->
    R = apply(M, F, A),
    id(R).

tail_call_ext(X) -> atom_to_list(id(X)).

%% The frames of this module and of erlang, each without its location
%% (which names the path the source was compiled from).
frames(Stack) -> [{M, F, A} || {M, F, A, _} <- Stack, M =:= erlang orelse M =:= nomod orelse M =:= ?MODULE].

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
