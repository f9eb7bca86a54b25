%% Bad arguments of the timer BIFs raise badarg as OTP 25 raises it, with
%% the cause OTP's error_info gives: `time` for a time out of range or not
%% an integer, `badopt` for a bad option, none for a bad destination or
%% reference; options are checked first, then the time, then the
%% destination. Large times are taken; an absolute time before the VM
%% started is not, and -1 is one far in the future.
-module(timer_badargs).
-export([main/1, id/1]).

main(_) ->
    S = self(),
    t(fun() -> erlang:send_after(id(-1), S, x) end),
    t(fun() -> erlang:send_after(id(1.0), S, x) end),
    t(fun() -> erlang:send_after(id(a), S, x) end),
    t(fun() -> erlang:send_after(id(1 bsl 59), S, x) end),
    t(fun() -> erlang:send_after(id(1 bsl 100), S, x) end),
    t(fun() -> erlang:send_after(id(1), id({a, b}), x) end),
    t(fun() -> erlang:send_after(id(1), id("name"), x) end),
    t(fun() -> erlang:send_after(id(a), id("name"), x) end),
    t(fun() -> erlang:send_after(id(1), S, x, id([foo])) end),
    t(fun() -> erlang:send_after(id(1), S, x, id([{abs, 1}])) end),
    t(fun() -> erlang:send_after(id(1), S, x, id([{abs, true} | x])) end),
    t(fun() -> erlang:send_after(id(1), S, x, id(x)) end),
    t(fun() -> erlang:send_after(id(a), S, x, id([bad])) end),
    t(fun() -> erlang:send_after(id(-1 bsl 70), S, x, [{abs, true}]) end),
    t(fun() -> erlang:send_after(id(1 bsl 70), S, x, [{abs, true}]) end),
    t(fun() -> erlang:send_after(id(-1), id("name"), x, [{abs, true}]) end),
    t(fun() -> erlang:send_after(erlang:monotonic_time(millisecond) - id(10000000), S, x, [{abs, true}]) end),
    t(fun() -> erlang:cancel_timer(erlang:send_after(id(-1), S, x, [{abs, true}])) > 0 end),
    t(fun() -> erlang:start_timer(id(-1), S, x) end),
    t(fun() -> erlang:start_timer(id(1), id(1), x) end),
    t(fun() -> erlang:start_timer(id(1), S, x, id([{abs, yes}])) end),
    t(fun() -> erlang:cancel_timer(id(x)) end),
    t(fun() -> erlang:cancel_timer(make_ref(), id([foo])) end),
    t(fun() -> erlang:cancel_timer(make_ref(), id([{async, x}])) end),
    t(fun() -> erlang:cancel_timer(make_ref(), id([{info, true} | bad])) end),
    t(fun() -> erlang:cancel_timer(make_ref(), id(x)) end),
    t(fun() -> erlang:read_timer(id(x)) end),
    t(fun() -> erlang:read_timer(make_ref(), id([{info, true}])) end),
    t(fun() -> erlang:read_timer(make_ref(), id([{async, 1}])) end),
    Big = erlang:send_after(id(1 bsl 32), S, never),
    p({big, erlang:cancel_timer(Big) > 1 bsl 31}),
    Bigger = erlang:send_after(id(4294967296000), S, never),
    p({bigger, erlang:cancel_timer(Bigger) > 1 bsl 41}).

t(F) ->
    p(try F() of
          V -> {returned, is_reference(V)}
      catch
          C:R:Stack -> {C, R, cause(Stack)}
      end).

cause([{_, _, _, Location} | _]) ->
    case lists:keyfind(error_info, 1, Location) of
        {error_info, #{cause := Cause}} -> Cause;
        {error_info, _} -> no_cause;
        false -> no_error_info
    end.

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
