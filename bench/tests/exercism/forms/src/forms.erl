-module(forms).
-export([add/2]).

add(_A, _B) -> erlang:error(not_implemented).
