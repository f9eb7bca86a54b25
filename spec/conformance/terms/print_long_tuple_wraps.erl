%% ~p breaks a long nested term: elements of a tagged tuple line up under
%% the first, and compound elements go on lines of their own.
-module(print_long_tuple_wraps).
-export([main/1, id/1]).

main(_) ->
    T = id({state, [{user, "alice", 1001}, {user, "bob", 1002}, {user, "carol", 1003}],
            #{mode => active, retries => 3, timeout => 5000}, {config, "/etc/app.conf", true}}),
    io:format("~p~n", [T]),
    M = id(#{alpha => lists:seq(1, 12), beta => "a fairly long string value here", gamma => {x, y, z}}),
    io:format("~p~n", [M]).

id(X) -> X.
