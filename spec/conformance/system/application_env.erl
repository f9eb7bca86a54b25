%% The application environment and the start of applications, through
%% OTP's application and application_controller (girder starts the
%% controller, with kernel and stdlib, on first use): get_env/2,3,
%% set_env/3, unset_env/2, get_all_env/1, load/1, start/1,
%% ensure_all_started/1, which_applications/0, get_key/2, and the errors
%% for an unknown application. Three processes make their first call at
%% once: one starts the controller, the others wait for it.
-module(application_env).
-export([main/1, id/1]).

main(_) ->
    Self = self(),
    [spawn(fun() -> Self ! {N, application:get_env(kernel, logger_level)} end) || N <- [1, 2, 3]],
    p([receive {N, Value} -> Value end || N <- [1, 2, 3]]),
    p(application:get_env(stdlib, colour)),
    p(application:get_env(stdlib, colour, blue)),
    p(application:set_env(stdlib, colour, red)),
    p(application:get_env(stdlib, colour)),
    p(application:get_env(stdlib, colour, blue)),
    p(lists:keyfind(colour, 1, application:get_all_env(stdlib))),
    p(application:unset_env(stdlib, colour)),
    p(application:get_env(stdlib, colour)),
    p(application:get_env(no_such_application, colour)),
    p(names(application:which_applications())),
    p(application:load(compiler)),
    p(application:load(compiler)),
    p(application:get_key(compiler, applications)),
    p(application:ensure_all_started(compiler)),
    p(application:start(compiler)),
    p(names(application:which_applications())),
    p(application:load(id(no_such_application))),
    p(application:start(id(no_such_application))),
    p(application:get_key(no_such_application, vsn)).

names(Applications) ->
    lists:sort([Name || {Name, _, _} <- Applications]).

p(Term) ->
    io:format("~p~n", [Term]).

id(X) -> X.
