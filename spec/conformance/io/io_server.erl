%% io:put_chars/2, io:format/3 and io:nl/1 to an I/O server (a pid or a
%% registered name) send it the I/O protocol's request and return its
%% reply: ok, badarg for an error, terminated when the server is gone.
-module(io_server).
-export([main/1, serve/0]).

main(_) ->
    Server = spawn(io_server, serve, []),
    register(io_server_device, Server),
    p(io:put_chars(Server, "hello\n")),
    p(io:format(Server, "~w and ~s~n", [an_atom, "text"])),
    p(io:nl(io_server_device)),
    p(try io:put_chars(Server, "fail") catch C1:R1 -> {C1, R1} end),
    Ref = monitor(process, Server),
    Server ! stop,
    receive {'DOWN', Ref, process, Server, _} -> ok end,
    p(try io:put_chars(Server, "x") catch C2:R2 -> {C2, R2} end).

serve() ->
    receive
        {io_request, From, ReplyAs, Request} ->
            Chars = chars(Request),
            io:format("server got ~p~n", [Chars]),
            Reply = case Chars of <<"fail">> -> {error, nope}; _ -> ok end,
            From ! {io_reply, ReplyAs, Reply},
            serve();
        stop -> ok
    end.

chars({put_chars, unicode, Chars}) -> Chars;
chars({put_chars, unicode, io_lib, format, [Format, Args]}) -> lists:flatten(io_lib:format(Format, Args)).

p(X) -> io:format("~p~n", [X]).
