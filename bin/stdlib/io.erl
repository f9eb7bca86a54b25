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
%% A request for input (get_line, get_chars, get_until and what is written
%% over them: read, fread, the scanning and parsing functions) to a device
%% of this node goes to the node's terminal I/O server, `user`
%% (`user.erl`), which io:local_request/2 says by giving `input`.
%%
%% girder ships this module as `io.gasm`, the assembly `girder disasm`
%% prints for it compiled by `erlc +deterministic`; a test checks that the
%% two agree.
-module(io).

-export([format/3, fwrite/3, put_chars/2, nl/0, nl/1, write/1, write/2,
         getopts/0, getopts/1, setopts/1, setopts/2, columns/1, rows/1,
         request/1, request/2, requests/1, requests/2]).
-export([get_line/1, get_line/2, get_chars/2, get_chars/3,
         get_password/0, get_password/1, read/1, read/2, read/3, read/4,
         fread/2, fread/3,
         scan_erl_exprs/1, scan_erl_exprs/2, scan_erl_exprs/3, scan_erl_exprs/4,
         scan_erl_form/1, scan_erl_form/2, scan_erl_form/3, scan_erl_form/4,
         parse_erl_exprs/1, parse_erl_exprs/2, parse_erl_exprs/3, parse_erl_exprs/4,
         parse_erl_form/1, parse_erl_form/2, parse_erl_form/3, parse_erl_form/4]).

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
        input -> wait(user:server(), Request);
        Reply -> Reply
    end.

%% Input, as Erlang/OTP's io module asks for it.

get_line(Prompt) -> get_line(standard_io, Prompt).

get_line(Device, Prompt) -> request(Device, {get_line, unicode, Prompt}).

get_chars(Prompt, N) -> get_chars(standard_io, Prompt, N).

get_chars(Device, Prompt, N) when is_integer(N), N >= 0 ->
    request(Device, {get_chars, unicode, Prompt, N}).

get_password() -> get_password(standard_io).

get_password(Device) -> request(Device, {get_password, unicode}).

read(Prompt) -> read(standard_io, Prompt).

read(Device, Prompt) ->
    case request(Device, {get_until, unicode, Prompt, erl_scan, tokens, [1]}) of
        {ok, Tokens, _EndLocation} -> erl_parse:parse_term(Tokens);
        {error, Error, _EndLocation} -> {error, Error};
        {eof, _EndLocation} -> eof;
        Other -> Other
    end.

read(Device, Prompt, Start) -> read(Device, Prompt, Start, []).

read(Device, Prompt, Start, Options) ->
    case request(Device, {get_until, unicode, Prompt, erl_scan, tokens, [Start, Options]}) of
        {ok, Tokens, EndLocation} ->
            case erl_parse:parse_term(Tokens) of
                {ok, Term} -> {ok, Term, EndLocation};
                {error, Error} -> {error, Error, EndLocation}
            end;
        Other ->
            Other
    end.

fread(Prompt, Format) -> fread(standard_io, Prompt, Format).

fread(Device, Prompt, Format) ->
    request(Device, {get_until, unicode, Prompt, io_lib, fread, [Format]}).

scan_erl_exprs(Prompt) -> scan_erl_exprs(standard_io, Prompt, 1).

scan_erl_exprs(Device, Prompt) -> scan_erl_exprs(Device, Prompt, 1).

scan_erl_exprs(Device, Prompt, Start) -> scan_erl_exprs(Device, Prompt, Start, []).

scan_erl_exprs(Device, Prompt, Start, Options) ->
    request(Device, {get_until, unicode, Prompt, erl_scan, tokens, [Start, Options]}).

scan_erl_form(Prompt) -> scan_erl_form(standard_io, Prompt, 1).

scan_erl_form(Device, Prompt) -> scan_erl_form(Device, Prompt, 1).

scan_erl_form(Device, Prompt, Start) -> scan_erl_form(Device, Prompt, Start, []).

scan_erl_form(Device, Prompt, Start, Options) ->
    request(Device, {get_until, unicode, Prompt, erl_scan, tokens, [Start, Options]}).

parse_erl_exprs(Prompt) -> parse_erl_exprs(standard_io, Prompt, 1).

parse_erl_exprs(Device, Prompt) -> parse_erl_exprs(Device, Prompt, 1).

parse_erl_exprs(Device, Prompt, Start) -> parse_erl_exprs(Device, Prompt, Start, []).

parse_erl_exprs(Device, Prompt, Start, Options) ->
    parsed(scan_erl_exprs(Device, Prompt, Start, Options), fun erl_parse:parse_exprs/1).

parse_erl_form(Prompt) -> parse_erl_form(standard_io, Prompt, 1).

parse_erl_form(Device, Prompt) -> parse_erl_form(Device, Prompt, 1).

parse_erl_form(Device, Prompt, Start) -> parse_erl_form(Device, Prompt, Start, []).

parse_erl_form(Device, Prompt, Start, Options) ->
    parsed(scan_erl_form(Device, Prompt, Start, Options), fun erl_parse:parse_form/1).

parsed({ok, Tokens, EndLocation}, Parse) ->
    case Parse(Tokens) of
        {ok, Parsed} -> {ok, Parsed, EndLocation};
        {error, Error} -> {error, Error, EndLocation}
    end;
parsed(Other, _Parse) ->
    Other.

requests(Requests) -> requests(standard_io, Requests).

%% As Erlang/OTP's io module sends them: the requests of nested
%% `{requests, Rs}` in one list, and the requests only `io` knows (`nl`,
%% `{format, F, A}`, `{fwrite, F, A}`, `{write, T}`, `{fread, P, F}`) in
%% the I/O protocol's terms.
requests(Device, Requests) ->
    request(Device, {requests, protocol_requests(Requests, [])}).

protocol_requests([{requests, Inner} | Requests], Rest) ->
    protocol_requests(Inner, [Requests | Rest]);
protocol_requests([Request | Requests], Rest) ->
    [protocol_request(Request) | protocol_requests(Requests, Rest)];
protocol_requests([], [Requests | Rest]) ->
    protocol_requests(Requests, Rest);
protocol_requests([], []) ->
    [].

protocol_request(nl) -> {put_chars, unicode, "\n"};
protocol_request({format, Format, Args}) -> {put_chars, unicode, io_lib, format, [Format, Args]};
protocol_request({fwrite, Format, Args}) -> {put_chars, unicode, io_lib, format, [Format, Args]};
protocol_request({write, Term}) -> {put_chars, unicode, io_lib, write, [Term]};
protocol_request({fread, Prompt, Format}) -> {get_until, unicode, Prompt, io_lib, fread, [Format]};
protocol_request(Request) -> Request.

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
