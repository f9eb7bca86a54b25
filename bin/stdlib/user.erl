%% user.erl: the node's terminal I/O server, registered as `user`, as
%% Erlang/OTP's is.
%%
%% Output to the node's own devices is printed by BIFs with no server
%% process (see io.erl); input is what needs one. Reading blocks, so the
%% lines come from the VM's line reader (user:read_line/2, a BIF that
%% answers with a message), and this process keeps what was read and not
%% yet taken, and serves the input requests of Erlang's I/O protocol in
%% the order they came: get_line, get_chars, get_until (what io:read/1,
%% io:fread/2 and the shell's scanning are written over) and get_password.
%% Any other request is carried out on the node's `user` device.
%%
%% The server starts on first use (server/0), as io.erl asks for it, and
%% `girder shell` and `girder iex` run shell/0 and iex/0 here. It
%% calls no module but `erlang`, `io`, `io_lib` and `unicode`, whose
%% functions here are BIFs, so that input works without Erlang/OTP's
%% library too.
%%
%% girder ships this module as `user.gasm`, the assembly `girder disasm`
%% prints for it compiled by `erlc +deterministic`; a test checks that the
%% two agree.

-module(user).

-export([server/0, standard_error/0, shell/0, iex/0]).

%% `girder shell`: Erlang/OTP's shell, reading through this server. The
%% run lasts as long as the shell: it ends when the shell's server does
%% (at the end of the input it halts the node itself, as on erl).
shell() ->
    Shell = shell:start(),
    Monitor = erlang:monitor(process, Shell),
    receive
        {'DOWN', Monitor, process, Shell, _} -> ok
    end.

%% `girder iex`: Elixir's IEx, reading through this server, once Elixir's
%% runtime has started as `iex` starts it: the `elixir` application (which
%% sets the terminal to binary mode), the `iex` application and Logger. The run
%% lasts as long as IEx's server: at the end of the input it stops its
%% evaluator and returns.
iex() ->
    ok = io:setopts(standard_error, [{encoding, utf8}]),
    {ok, _} = application:ensure_all_started(elixir),
    {ok, _} = application:ensure_all_started(iex),
    %% As iex starts it (elixir:start_cli/0): Logger, whose console writes
    %% to `user` or `standard_error`, looked up by name.
    _ = server(),
    _ = standard_error(),
    _ = application:start(logger),
    'Elixir.IEx.Server':run([]).

%% The server's pid, started if need be. Two processes starting it at once
%% both get the one that registered.
server() ->
    case whereis(user) of
        undefined ->
            start(),
            server();
        Server ->
            Server
    end.

start() ->
    Starter = self(),
    {Server, Monitor} = spawn_monitor(fun() -> init(Starter) end),
    receive
        {Server, started} -> erlang:demonitor(Monitor, [flush]);
        {'DOWN', Monitor, process, Server, _} -> ok
    end.

init(Starter) ->
    try register(user, self()) of
        true ->
            Starter ! {self(), started},
            loop([])
    catch
        error:badarg -> ok
    end.

%% A process registered as `standard_error`, started if need be, as erl
%% always has one: an I/O server that carries out each request on the
%% node's standard error, for code that looks the device up by name
%% (Elixir's Logger does before it writes there). The `io` functions
%% write to `standard_error` without it.
standard_error() ->
    case whereis(standard_error) of
        undefined ->
            Starter = self(),
            {Server, Monitor} = spawn_monitor(fun() -> init_standard_error(Starter) end),
            receive
                {Server, started} -> erlang:demonitor(Monitor, [flush]);
                {'DOWN', Monitor, process, Server, _} -> ok
            end,
            standard_error();
        Server ->
            Server
    end.

init_standard_error(Starter) ->
    try register(standard_error, self()) of
        true ->
            Starter ! {self(), started},
            standard_error_loop()
    catch
        error:badarg -> ok
    end.

standard_error_loop() ->
    receive
        {io_request, From, ReplyAs, Request} when is_pid(From) ->
            From ! {io_reply, ReplyAs, io:request(standard_error, Request)};
        _ ->
            ok
    end,
    standard_error_loop().

%% Buffer: the characters read and not yet taken.
loop(Buffer) ->
    receive
        {io_request, From, ReplyAs, Request} when is_pid(From) ->
            {Reply, Rest} = request(Request, Buffer),
            From ! {io_reply, ReplyAs, Reply},
            loop(Rest);
        _ ->
            loop(Buffer)
    end.

request({get_line, Encoding, Prompt}, Buffer) ->
    in_mode(until({Encoding, Prompt, collect_line}, fun line/2, start, Buffer));
request({get_chars, Encoding, Prompt, N}, Buffer) when is_integer(N), N >= 0 ->
    Collect = fun(Sofar, Chars) -> chars(N, Sofar, Chars) end,
    in_mode(until({Encoding, Prompt, collect_chars}, Collect, {0, []}, Buffer));
request({get_until, Encoding, Prompt, Module, Function, Arguments}, Buffer) ->
    Apply = fun(Continuation, Chars) -> apply(Module, Function, [Continuation, Chars | Arguments]) end,
    until({Encoding, Prompt, Function}, Apply, [], Buffer);
request({get_password, Encoding}, Buffer) ->
    case until({Encoding, "", collect_line}, fun line/2, start, Buffer) of
        {Line, Rest} when is_list(Line) -> in_mode({without_line_end(Line), Rest});
        Other -> Other
    end;
%% The forms from before Erlang's I/O protocol named an encoding.
request({get_line, Prompt}, Buffer) ->
    request({get_line, latin1, Prompt}, Buffer);
request({get_chars, Prompt, N}, Buffer) ->
    request({get_chars, latin1, Prompt, N}, Buffer);
request({get_until, Prompt, Module, Function, Arguments}, Buffer) ->
    request({get_until, latin1, Prompt, Module, Function, Arguments}, Buffer);
request({get_password}, Buffer) ->
    request({get_password, latin1}, Buffer);
request({requests, Requests}, Buffer) when is_list(Requests) ->
    requests(Requests, ok, Buffer);
request(Request, Buffer) ->
    {io:request(user, Request), Buffer}.

requests([Request | Requests], _Reply, Buffer) ->
    case request(Request, Buffer) of
        {{error, _} = Error, Rest} -> {Error, Rest};
        {Reply, Rest} -> requests(Requests, Reply, Rest)
    end;
requests([], Reply, Buffer) ->
    {Reply, Buffer}.

%% Feeds characters to Collect, a function of the old I/O protocol's
%% get_until (`{done, Result, Rest}` or `{more, Continuation}`), until it
%% is done: first what is buffered, then each line read, then `eof`. A
%% request that finds the input ended answers `eof` at once, as erl's
%% terminal does, without asking Collect. The
%% result is checked against the request's encoding. A collecting function
%% that fails gives `{error, Name}` with the function's name, as erl's
%% group leader answers (the shell says "Invalid tokens" for
%% `{error, tokens}`), and what was read is dropped.
until({Encoding, Prompt, Name}, Collect, Continuation, Buffer) ->
    until({Encoding, prompt(Prompt), Name}, Collect, Continuation, Buffer, false).

until({Encoding, Prompt, Name} = Request, Collect, Continuation, Buffer, Continued) ->
    case more(Prompt, Buffer, Continued) of
        {error, _} = Error ->
            {Error, []};
        eof when not Continued ->
            {eof, []};
        Chars ->
            try Collect(Continuation, Chars) of
                {done, Result, Rest} ->
                    {encoded(Result, Encoding), buffered(Rest)};
                {more, Next} ->
                    until(Request, Collect, Next, [], true)
            catch
                _:_ -> {{error, Name}, []}
            end
    end.

%% What is left to buffer. At the end of the input nothing is: the next
%% request reads again, as erl's terminal does, showing its prompt.
buffered(eof) -> [];
buffered(Rest) -> Rest.

%% The characters to go on with: what is buffered, or a line read.
more(Prompt, [], Continued) ->
    Reference = user:read_line(Prompt, Continued),
    receive
        {Reference, {ok, Line}} -> characters(Line);
        {Reference, eof} -> eof;
        {Reference, interrupted} -> {error, interrupted};
        {Reference, {error, _} = Error} -> Error
    end;
more(_Prompt, Buffer, _Continued) ->
    Buffer.

%% A line read: UTF-8 as terminals give it today, or Latin-1 bytes.
characters(Line) ->
    case unicode:characters_to_list(Line, unicode) of
        Chars when is_list(Chars) -> Chars;
        _ -> binary_to_list(Line)
    end.

%% Characters read, as the terminal's mode gives them: a binary in binary
%% mode (`io:setopts([binary])`, as Elixir's runtime sets it), in UTF-8
%% when the terminal's encoding is unicode (or a character is past 255),
%% in Latin-1 otherwise; a list in list mode.
in_mode({Chars, Rest}) when is_list(Chars) ->
    Options = io:getopts(user),
    Binary = lists:keyfind(binary, 1, Options) =:= {binary, true},
    Latin1 = lists:keyfind(encoding, 1, Options) =:= {encoding, latin1} andalso latin1(Chars),
    if
        Binary, Latin1 -> {list_to_binary(Chars), Rest};
        Binary -> {unicode:characters_to_binary(Chars, unicode), Rest};
        true -> {Chars, Rest}
    end;
in_mode(Reply) ->
    Reply.

%% A request in Latin-1 cannot take characters past 255.
encoded(Result, latin1) when is_list(Result) ->
    case latin1(Result) of
        true -> Result;
        false -> {error, {no_translation, unicode, latin1}}
    end;
encoded(Result, _Encoding) ->
    Result.

latin1([C | _]) when is_integer(C), C > 255 -> false;
latin1([_ | Cs]) -> latin1(Cs);
latin1(_) -> true.

without_line_end(Line) ->
    case lists:reverse(Line) of
        [$\n | Before] -> lists:reverse(Before);
        _ -> Line
    end.

%% get_line: up to and with the first line end, or what is left at the end
%% of the input; `eof` when nothing is. Sofar holds the line's characters
%% so far, last first.
line(start, eof) -> {done, eof, eof};
line(start, Chars) -> line([], Chars);
line(Sofar, eof) -> {done, lists:reverse(Sofar), eof};
line(Sofar, [$\n | Rest]) -> {done, lists:reverse(Sofar, "\n"), Rest};
line(Sofar, [C | Rest]) -> line([C | Sofar], Rest);
line(Sofar, []) -> {more, Sofar}.

%% get_chars: N characters, or what is left at the end of the input; `eof`
%% when nothing is. The continuation holds how many characters were taken
%% and those characters, last first.
chars(_N, {0, []}, eof) -> {done, eof, eof};
chars(_N, {_, Sofar}, eof) -> {done, lists:reverse(Sofar), eof};
chars(N, {N, Sofar}, Rest) -> {done, lists:reverse(Sofar), Rest};
chars(N, {Taken, Sofar}, [C | Rest]) -> chars(N, {Taken + 1, [C | Sofar]}, Rest);
chars(_N, Continuation, []) -> {more, Continuation}.

%% The prompt's characters, as Erlang/OTP's group leader makes them: an
%% atom, a string or a binary as `~ts` prints it, `{format, Format, Args}`
%% formatted, anything else as `~tp` prints it, and `???` for a format
%% that fails.
prompt({format, Format, Args}) -> formatted(Format, Args);
prompt(Prompt) when is_atom(Prompt); is_list(Prompt); is_binary(Prompt) -> formatted("~ts", [Prompt]);
prompt(Prompt) -> formatted("~tp", [Prompt]).

formatted(Format, Args) ->
    try io_lib:format(Format, Args)
    catch _:_ -> "???"
    end.
