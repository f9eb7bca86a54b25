%% The solution; the harness renames the module to the stub's, `forms`.
-module(example).
-export([add/2]).

add(A, B) -> A + B.
