%% register/2, whereis/1, registered/0 and unregister/1 on the running
%% process; sending to the registered name; badarg for a name already
%% taken or not registered.
-module(register_self).
-export([main/1, id/1]).

main(_) ->
    Name = id(conformance_main),
    p(whereis(Name)),
    p(register(Name, self())),
    p(whereis(Name) =:= self()),
    p(lists:member(Name, registered())),
    Name ! hello_by_name,
    receive M -> p({received, M}) end,
    p(try register(Name, self()) catch C1:R1 -> {C1, R1} end),
    p(try register(other_name, self()) catch C2:R2 -> {C2, R2} end),
    p(unregister(Name)),
    p(whereis(Name)),
    p(try unregister(Name) catch C3:R3 -> {C3, R3} end),
    p(try Name ! gone catch C4:R4 -> {C4, R4} end),
    p(try register(undefined, self()) catch C5:R5 -> {C5, R5} end).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
