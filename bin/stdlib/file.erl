%% girder's file: OTP's file talks to a file server process girder does
%% not have, so the module is girder's own. Of it, only format_error/1
%% exists yet, which OTP's library calls to describe a failed read
%% (application_controller, for a missing .app file); the other functions
%% raise undef.
-module(file).
-export([format_error/1]).

%% The text for a reason a file function gave: a parse error of a file of
%% terms ({Line, Module, Reason}, described by that module), or a POSIX
%% error code (enoent, eacces, ...) as the C library describes it.
format_error({Line, Module, Reason}) ->
    io_lib:format("~w: ~ts", [Line, Module:format_error(Reason)]);
format_error(badarg) ->
    "bad argument";
format_error(system_limit) ->
    "a system limit was hit, probably not enough ports";
format_error(terminated) ->
    "the file server process is terminated";
format_error(Code) ->
    erl_posix_msg:message(Code).
