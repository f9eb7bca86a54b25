%% A process whose group leader is a process (as EUnit gives each test
%% one, to capture its output): io:format/1,2, io:fwrite/1,2,3,
%% io:put_chars/1, io:nl/0, io:write/1, io:columns/0, io:rows/0,
%% io:getopts/0 and io:setopts/1 send the I/O protocol's requests to it,
%% and it answers them. With the node's own output, getopts, setopts,
%% columns and rows answer as erl's devices do (setopts takes the options
%% erl's devices take), and a format may hold character data that is
%% copied, tildes and all.
-module(group_leader_io).
-export([main/1, id/1]).

main(_) ->
    Leader = spawn(fun() -> leader([]) end),
    Self = self(),
    Worker = spawn(fun() ->
                           group_leader(Leader, self()),
                           io:format("format/1~n"),
                           io:format("format/2 ~w~n", [two]),
                           io:fwrite("fwrite/1~n"),
                           io:fwrite("fwrite/2 ~s~n", ["two"]),
                           io:fwrite(standard_io, "fwrite/3 ~p~n", [{three}]),
                           io:put_chars(["put_chars/1", $\n]),
                           io:nl(),
                           io:write({written, 1}),
                           R = [io:columns(), io:rows(), io:getopts(), io:setopts([binary]),
                                try io:format(id("~d"), [x]) catch C0:R0 -> {C0, R0} end],
                           Self ! {self(), R}
                   end),
    receive {Worker, Replies} -> p(Replies) end,
    Leader ! {dump, self()},
    receive {output, Requests} -> [p(Request) || Request <- Requests] end,
    p([io:getopts(), io:getopts(standard_error), io:setopts([{encoding, latin1}]),
       io:setopts([bogus]), io:columns(), io:rows(),
       io:request(standard_io, {requests, [{put_chars, unicode, "in requests\n"}, nl]})]),
    io:format(["a format made of ", ["chardata~n"], <<" and ~w">>, $~, $n]),
    io:write({local, [$w, "rite"]}),
    io:nl(),
    p(try io:format([$a, notchars], []) catch C:R -> {C, R} end),
    %% utf8 is another name of unicode; standard error takes an encoding,
    %% and no binary mode (as Elixir's runtime sets them at its start).
    p([io:setopts(standard_error, [{encoding, utf8}]), io:setopts(standard_error, [binary]),
       io:setopts(standard_io, [binary, {encoding, utf8}])]).

leader(Requests) ->
    receive
        {io_request, From, ReplyAs, Request} ->
            From ! {io_reply, ReplyAs, reply(Request)},
            leader([Request | Requests]);
        {dump, To} ->
            To ! {output, lists:reverse(Requests)}
    end.

reply({get_geometry, columns}) -> 132;
reply({get_geometry, rows}) -> 43;
reply(getopts) -> [{binary, false}, {encoding, unicode}];
reply({setopts, _}) -> ok;
reply({put_chars, unicode, io_lib, format, ["~d", _]}) -> {error, format};
reply(_) -> ok.

p(Term) -> io:format("~p~n", [Term]).

id(X) -> X.
