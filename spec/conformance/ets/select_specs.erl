-module(select_specs).
-export([main/1, id/1]).

%% select/2 with match specifications: type tests and comparisons in
%% guards ('>', '=<', '==' against '=:=', 'not'), 'andalso' and 'orelse',
%% guard arithmetic; a guard that raises (division by zero) fails its
%% clause; a guard that is not a boolean fails it; the body builds tuples
%% ({{...}}), lists, maps, takes element/2, computes, gives '$_' (the
%% object), '$$' (the variables' values in order) or {const, T} (T as it
%% is, '$1' inside it not a variable); of several body expressions the
%% last is the result; a body that raises gives 'EXIT' for that object;
%% several clauses, the first that matches wins; [] selects nothing.
%% Badarg: a specification that is not a proper list of {Head, Guards,
%% Body}, an unknown guard function, a variable the head does not bind.

id(X) -> X.

t(What, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [What, R]).

main(_) ->
    O = ets:new(o, [ordered_set]),
    true = ets:insert(O, id([{1, a, 10}, {2, b, 20}, {3, a, 30.0}, {4, {n, 1}, x}, {5, c}])),
    Sel = fun(Ms) -> ets:select(O, id(Ms)) end,
    t("is_integer", fun() -> Sel([{{'$1', '$2', '$3'}, [{is_integer, '$3'}], ['$1']}]) end),
    t("'>' and '$_'", fun() -> Sel([{{'$1', '$2', '$3'}, [{'>', '$3', 15}], ['$_']}]) end),
    t("'=<' and '$$'", fun() -> Sel([{{'$1', '$2', '$3'}, [{'=<', '$3', 20}], ['$$']}]) end),
    t("andalso, tuple", fun() -> Sel([{{'$1', '$2', '$3'},
                                      [{'andalso', {is_number, '$3'}, {'>', '$3', 15}}],
                                      [{{'$2', '$1'}}]}]) end),
    t("orelse, map", fun() -> Sel([{{'$1', '$2', '_'},
                                   [{'orelse', {'==', '$2', b}, {is_tuple, '$2'}}],
                                   [#{key => '$1', v => '$2'}]}]) end),
    t("element", fun() -> Sel([{{'$1', '$2', '_'}, [{is_tuple, '$2'}], [{element, 1, '$2'}]}]) end),
    t("const", fun() -> Sel([{{'$1', '_', '_'}, [{'<', '$1', 3}], [{const, {'$1', x}}]}]) end),
    t("list", fun() -> Sel([{{'$1', '_', '_'}, [], [['$1', {'+', '$1', 1}]]}]) end),
    t("nested tuples", fun() -> Sel([{{'$1', '_', '_'}, [{'<', '$1', 3}], [{{{{'$1'}}, {{}}}}]}]) end),
    t("arithmetic in the guard", fun() -> Sel([{{'$1', '_', '$3'}, [{is_number, '$3'}, {'>', {'*', '$3', 2}, 30}], ['$1']}]) end),
    t("'==' 3.0", fun() -> Sel([{{'$1', '_', '_'}, [{'==', '$1', 3.0}], ['$1']}]) end),
    t("'=:=' 3.0", fun() -> Sel([{{'$1', '_', '_'}, [{'=:=', '$1', 3.0}], ['$1']}]) end),
    t("not", fun() -> Sel([{{'$1', '_', '_'}, [{'not', {'==', '$1', 2}}], [{'band', '$1', 1}]}]) end),
    t("two guards", fun() -> Sel([{{'$1', '_', '$3'}, [{is_integer, '$3'}, {'>', '$1', 1}], ['$1']}]) end),
    t("guard raises", fun() -> Sel([{{'$1', '_', '_'}, [{'>', {'div', 10, {'-', '$1', 2}}, 0}], ['$1']}]) end),
    t("guard not a boolean", fun() -> Sel([{{'$1', '_', '_'}, ['$1'], ['$1']}]) end),
    t("guard true", fun() -> Sel([{{'$1', '_', '_'}, [true], ['$1']}]) end),
    t("body raises", fun() -> Sel([{{'$1', '_', '$3'}, [], [{'*', '$3', 2}]}]) end),
    t("last body expression", fun() -> Sel([{{'$1', '_', '$3'}, [{is_float, '$3'}], [{float, '$1'}, {trunc, '$3'}]}]) end),
    t("clauses", fun() -> Sel([{{'$1', a, '_'}, [], [a]}, {{'$1', b, '_'}, [], [b]}, {'_', [], [other]}]) end),
    t("head '$1' is the object", fun() -> Sel([{'$1', [{'==', {size, '$1'}, 2}], ['$1']}]) end),
    t("self", fun() -> Sel([{{'$1', '_', '_'}, [{'==', '$1', 1}], [{self}]}]) =:= [self()] end),
    t("[]", fun() -> Sel([]) end),
    S = ets:new(s, [set]),
    true = ets:insert(S, [{N, N * N} || N <- lists:seq(1, 30)]),
    t("set, squares over 500", fun() -> lists:sort(ets:select(S, id([{{'$1', '$2'}, [{'>', '$2', 500}], ['$1']}]))) end),
    t("set, odd keys' objects", fun() -> lists:sort(ets:select(S, id([{{'$1', '_'}, [{'==', {'rem', '$1', 2}, 1}, {'<', '$1', 10}], ['$_']}]))) end),
    t("bad: not a list", fun() -> Sel(x) end),
    t("bad: not a clause", fun() -> Sel([x]) end),
    t("bad: guards not a list", fun() -> Sel([{'_', x, ['$_']}]) end),
    t("bad: unknown guard function", fun() -> Sel([{'_', [{no_such_function, 1}], ['$_']}]) end),
    t("bad: unbound variable", fun() -> Sel([{{'$1', '_', '_'}, [], ['$2']}]) end),
    t("bad: unbound in the guard", fun() -> Sel([{{'$1', '_', '_'}, [{'>', '$4', 1}], ['$1']}]) end),
    t("bad: improper list", fun() -> Sel([{'_', [], ['$_']} | x]) end),
    t("bad: two-tuple clause", fun() -> Sel([{'_', []}]) end),
    ok.
