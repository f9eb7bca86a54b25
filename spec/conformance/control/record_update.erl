%% Updating several fields of a record at once builds one new tuple (the
%% compiler's setelement followed by set_tuple_element).
-module(record_update).
-export([main/1, id/1]).

-record(person, {name, age, city, email}).

main(_) ->
    P = id(#person{name = "Ada", age = 36, city = "London", email = none}),
    Q = P#person{age = 37, city = "Paris", email = "ada@example.com"},
    p(Q),
    p(P),
    p(Q#person.city).

p(X) -> io:format("~p~n", [X]).

id(X) -> X.
