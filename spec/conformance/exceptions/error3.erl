%% erlang:error/3: the arguments show in the top frame as error/2 does, and
%% options made only of {error_info, Map} add the last map to the frame's
%% location; other options are ignored. erlang:nif_error/1,2 raise with
%% their own frame on top.
-module(error3).
-export([main/1, id/1]).

main(_) ->
    t([1], [{error_info, #{cause => x}}]),
    t([1], [{error_info, #{}}, {error_info, #{last => yes}}]),
    t([1], [{error_info, #{}}, other]),
    t([1], [{error_info, not_a_map}]),
    t([1], bad),
    t(none, [{error_info, #{}}]),
    try erlang:nif_error(id(gone)) catch error:R1:S1 -> p({R1, hd(S1)}) end,
    try erlang:nif_error(id(gone), [1]) catch error:R2:S2 -> p({R2, hd(S2)}) end.

t(Args, Options) ->
    try erlang:error(oops, id(Args), id(Options))
    catch error:R:S -> p({R, no_file(hd(S))})
    end.

%% The location without the file (which names the path the source was
%% compiled from).
no_file({M, F, A, Location}) -> {M, F, A, [Item || {Key, _} = Item <- Location, Key =/= file]}.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
