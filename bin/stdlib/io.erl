%% io.erl: the functions of Erlang's `io` module that are written in code
%% rather than built in: requests to an I/O device.
%%
%% A call to io:F/A finds a BIF first and this module otherwise, as for
%% `lists`. The BIFs (`format/1,2`, `fwrite/1,2`, `put_chars/1`,
%% `columns/0`, `rows/0`) print at once when the caller's group leader is
%% this node's own output, and otherwise hand the call on to the functions
%% here with the device `standard_io`.
%%
%% io:local_request/2 carries out a request on a device this node serves
%% itself (standard_io when the group leader is the node's output, user,
%% standard_error) and gives its reply. For an I/O server (a pid, a name
%% registered for one, or a group leader that is a process) it gives
%% `{Server, Request}` instead, the request as Erlang's `io` sends it, and
%% the request goes to the server as Erlang's I/O protocol says.
%%
%% girder ships this module as `io.gasm`, the assembly `girder disasm`
%% prints for it compiled by `erlc +deterministic`; a test checks that the
%% two agree.
-module(io).

-export([format/3, fwrite/3, put_chars/2, nl/0, nl/1, write/1, write/2,
         getopts/0, getopts/1, setopts/1, setopts/2, columns/1, rows/1,
         request/1, request/2, requests/1, requests/2]).

format(Device, Format, Args) ->
    o_request(Device, {put_chars, unicode, io_lib, format, [Format, Args]}, format).

fwrite(Device, Format, Args) ->
    o_request(Device, {put_chars, unicode, io_lib, format, [Format, Args]}, fwrite).

put_chars(Device, Chars) ->
    o_request(Device, {put_chars, unicode, Chars}, put_chars).

nl() -> nl(standard_io).

nl(Device) -> o_request(Device, nl, nl).

write(Term) -> write(standard_io, Term).

write(Device, Term) ->
    o_request(Device, {put_chars, unicode, io_lib, write, [Term]}, write).

getopts() -> getopts(standard_io).

getopts(Device) -> request(Device, getopts).

setopts(Options) -> setopts(standard_io, Options).

setopts(Device, Options) -> request(Device, {setopts, Options}).

columns(Device) -> geometry(Device, columns).

rows(Device) -> geometry(Device, rows).

geometry(Device, Which) ->
    case request(Device, {get_geometry, Which}) of
        N when is_integer(N), N > 0 -> {ok, N};
        _ -> {error, enotsup}
    end.

request(Request) -> request(standard_io, Request).

%% The reply, as the device gives it: an error is a value here.
request(Device, Request) ->
    case io:local_request(Device, Request) of
        {Server, ServerRequest} when is_pid(Server) -> wait(Server, ServerRequest);
        Reply -> Reply
    end.

requests(Requests) -> requests(standard_io, Requests).

requests(Device, Requests) -> request(Device, {requests, Requests}).

%% An output request: an error raises, with the device among the
%% arguments of the function that made it, as Erlang's `io` does.
o_request(Device, Request, Function) ->
    case request(Device, Request) of
        {error, Reason} ->
            Arguments = case Request of
                            nl -> [];
                            {put_chars, _, io_lib, _, FunctionArguments} -> FunctionArguments;
                            {put_chars, _, Chars} -> [Chars]
                        end,
            Stack = try erlang:error(stack) catch error:stack:Trace -> tl(Trace) end,
            erlang:raise(error, reason(Reason), [{io, Function, [Device | Arguments]} | Stack]);
        Other ->
            Other
    end.

reason(terminated) -> terminated;
reason(calling_self) -> calling_self;
reason({no_translation, From, To}) -> {no_translation, From, To};
reason(_) -> badarg.

wait(Server, Request) ->
    Ref = erlang:monitor(process, Server),
    Server ! {io_request, self(), Ref, Request},
    receive
        {io_reply, Ref, Reply} ->
            erlang:demonitor(Ref, [flush]),
            Reply;
        {'DOWN', Ref, _, _, _} ->
            {error, terminated}
    end.
