%% list_to_integer/2: digits of bases 2 to 36 in either case, an optional
%% sign, big results; anything else is badarg.
-module(list_to_integer_base).
-export([main/1]).

main(_) ->
    t("ff", 16),
    t("FF", 16),
    t("-101", 2),
    t("+zz", 36),
    t("123456789abcdef0123456789abcdef", 16),
    t("12", 2),
    t("", 10),
    t("-", 10),
    t("1 2", 10),
    t("10", 1),
    t("10", 37),
    t(ten, 10),
    t([$1 | $2], 10),
    t("7", x).

t(S, B) ->
    try list_to_integer(S, B) of
        V -> io:format("~p~n", [V])
    catch
        C:R -> io:format("~p~n", [{C, R}])
    end.
