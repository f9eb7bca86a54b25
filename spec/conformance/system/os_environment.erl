%% os:getenv/0,1,2, putenv/2 and unsetenv/1 (OTP's os module over
%% girder's natives): setting, reading (deep character lists, characters
%% beyond Latin-1), listing and removing variables; the empty name; and
%% badarg for a name with = or NUL, a value with NUL, or what is not a
%% character list. Also os:getpid/0.
-module(os_environment).
-export([main/1, id/1]).

main(_) ->
    Name = "GIRDER_CONFORMANCE_VAR",
    p(os:getenv(Name)),
    p(os:putenv(Name, "value=with=equals")),
    p(os:getenv(Name)),
    p(os:getenv(["GIRDER_", "CONFORMANCE", [$_, "VAR"]])),
    p(lists:member(Name ++ "=value=with=equals", os:getenv())),
    p(os:putenv(Name, [$a, 256, 8364, $z])),
    p(os:getenv(Name) =:= [$a, 256, 8364, $z]),
    p(os:getenv(Name, "default")),
    p(os:putenv(Name, "")),
    p(os:getenv(Name)),
    p(os:unsetenv(Name)),
    p(os:getenv(Name)),
    p(os:getenv(Name, "default")),
    p(os:unsetenv(Name)),
    p(os:getenv("")),
    p(os:putenv("", "x")),
    p(os:unsetenv("")),
    p([t(fun() -> os:getenv(id(B)) end) || B <- [x, <<"PATH">>, 'PATH', "A=B", "A\0B", [$A | $B], [-1], 1]]),
    p([t(fun() -> os:putenv(id(N), id(V)) end)
       || {N, V} <- [{"A=B", "v"}, {x, "v"}, {"GIRDER_X", x}, {"GIRDER_X", <<"v">>}, {'GIRDER_X', 'v'},
                     {"GIRDER_X", "a\0b"}]]),
    p([t(fun() -> os:unsetenv(id(N)) end) || N <- [x, "A=B", "A\0B"]]),
    p(t(fun() -> os:getenv(id(x), "default") end)),
    Pid = os:getpid(),
    p({getpid, is_list(Pid), Pid =/= [], lists:all(fun(Ch) -> Ch >= $0 andalso Ch =< $9 end, Pid),
       Pid =:= os:getpid()}).

t(F) ->
    try F() catch C:R -> {C, R} end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
