%% Classic CPU-bound programs, the same module on girder and on erl.
%%
%% main([Name, Size]) runs one program and prints "Name Microseconds Check":
%% the time of the work alone (its input is made before the clock starts,
%% and the check is computed after it stops), and a figure derived from
%% the result, which must be the same on both VMs. The library modules
%% the programs call are loaded before the clock starts too: girder loads
%% a module on its first call, erl has these loaded at boot.
%%
%%   fib          naive doubly recursive fib(Size);
%%   binarytrees  complete binary trees of tuples, up to depth Size, built
%%                and walked, many at the small depths, few at the large;
%%   nbody        Size steps of the Sun and the four gas giants (floats);
%%   spectralnorm the largest singular value of an infinite matrix's
%%                Size x Size corner, by ten power iterations (floats);
%%   fannkuch     every permutation of 1..Size, its prefix reversed until
%%                1 comes first: the most reversals, and a checksum;
%%   mandelbrot   a Size x Size bitmap of the Mandelbrot set, one bit a
%%                pixel, built with the bit syntax;
%%   sieve        the primes up to Size, by Eratosthenes over an `array`;
%%   sort         lists:sort/1 of Size pseudo-random integers;
%%   maps         Size steps of maps:get/3, then maps:update/3 or
%%                maps:put/3, on a map of up to 50,000 keys;
%%   csv          Size lines of comma-separated fields, split with binary
%%                matching and read with binary_to_integer/1.
-module(cpu).
-export([main/1]).

main([Name, SizeText]) ->
    Size = list_to_integer(SizeText),
    [{module, Module} = code:ensure_loaded(Module) || Module <- [lists, maps, array, math]],
    Input = input(Name, Size),
    Start = erlang:monotonic_time(microsecond),
    Result = run(Name, Input),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("~s ~w ~w~n", [Name, Elapsed, check(Name, Result)]).

%% What a program works on, made before the clock starts.
input("sort", Size) -> random_integers(Size, 42, []);
input("csv", Size) -> csv_text(Size);
input(_, Size) -> Size.

run("fib", N) -> fib(N);
run("binarytrees", Depth) -> binary_trees(Depth);
run("nbody", Steps) -> nbody(Steps);
run("spectralnorm", N) -> spectral_norm(N);
run("fannkuch", N) -> fannkuch(N);
run("mandelbrot", N) -> mandelbrot(N);
run("sieve", N) -> sieve(N);
run("sort", List) -> lists:sort(List);
run("maps", Steps) -> map_steps(Steps);
run("csv", Text) -> csv_parse(Text).

%% The check of a result: itself when it is a small figure, a hash of it
%% when it is a large structure (computed after the clock stops).
check("mandelbrot", Bitmap) -> {bit_size(Bitmap), ones(Bitmap, 0), hash_bytes(Bitmap, 0)};
check("sort", Sorted) -> {length(Sorted), hash_list(Sorted, 0)};
check("maps", Map) -> {maps:size(Map), maps:fold(fun(K, V, Acc) -> (Acc + K * V) rem 1000000007 end, 0, Map)};
check(_, Result) -> Result.

%% ---------------------------------------------------------------- fib

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).

%% ---------------------------------------------------------------- binary trees

%% One tree a level deeper than the rest, made and dropped; one tree of
%% the full depth that stays alive throughout; and at every second depth
%% D from 4, 2^(Depth - D + 4) trees of depth D, each made and counted.
%% The result is the sum of the counts (the nodes of every tree).
binary_trees(Depth) ->
    Stretch = count(tree(Depth + 1)),
    Kept = tree(Depth),
    Counts = [many_trees(1 bsl (Depth - D + 4), D, 0) || D <- lists:seq(4, Depth, 2)],
    Stretch + lists:sum(Counts) + count(Kept).

tree(0) -> leaf;
tree(D) -> {tree(D - 1), tree(D - 1)}.

count(leaf) -> 1;
count({Left, Right}) -> 1 + count(Left) + count(Right).

many_trees(0, _, Total) -> Total;
many_trees(N, D, Total) -> many_trees(N - 1, D, Total + count(tree(D))).

%% ---------------------------------------------------------------- n-body

-define(PI, 3.141592653589793).
-define(SOLAR_MASS, (4 * ?PI * ?PI)).
-define(DAYS_PER_YEAR, 365.24).

%% The energy of the system before and after, in units of 1e-9.
nbody(Steps) ->
    Bodies = still_centre(planets()),
    Before = energy(Bodies),
    After = energy(steps(Steps, Bodies)),
    {round(Before * 1.0e9), round(After * 1.0e9)}.

%% {X, Y, Z, VX, VY, VZ, Mass}: positions in AU, velocities in AU a year,
%% masses in units where G = 1 (a solar mass is 4 pi^2).
planets() ->
    Body = fun(X, Y, Z, VX, VY, VZ, Mass) ->
               {X, Y, Z, VX * ?DAYS_PER_YEAR, VY * ?DAYS_PER_YEAR, VZ * ?DAYS_PER_YEAR, Mass * ?SOLAR_MASS}
           end,
    [{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, ?SOLAR_MASS},
     Body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
          1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
          9.54791938424326609e-04),
     Body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
          -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
          2.85885980666130812e-04),
     Body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
          2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
          4.36624404335156298e-05),
     Body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
          2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
          5.15138902046611451e-05)].

%% Gives the Sun the momentum that makes the system's total zero.
still_centre([{X, Y, Z, _, _, _, Mass} | Planets] = Bodies) ->
    Momentum = fun({_, _, _, VX, VY, VZ, M}, {PX, PY, PZ}) -> {PX + VX * M, PY + VY * M, PZ + VZ * M} end,
    {PX, PY, PZ} = lists:foldl(Momentum, {0.0, 0.0, 0.0}, Bodies),
    [{X, Y, Z, -PX / ?SOLAR_MASS, -PY / ?SOLAR_MASS, -PZ / ?SOLAR_MASS, Mass} | Planets].

energy(Bodies) -> energy(Bodies, 0.0).

energy([], E) -> E;
energy([{X, Y, Z, VX, VY, VZ, M} | Others], E) ->
    Kinetic = 0.5 * M * (VX * VX + VY * VY + VZ * VZ),
    Potential = lists:foldl(fun({X2, Y2, Z2, _, _, _, M2}, Sum) ->
                                DX = X - X2, DY = Y - Y2, DZ = Z - Z2,
                                Sum + M * M2 / math:sqrt(DX * DX + DY * DY + DZ * DZ)
                            end, 0.0, Others),
    energy(Others, E + Kinetic - Potential).

steps(0, Bodies) -> Bodies;
steps(N, Bodies) -> steps(N - 1, move(pull(Bodies, 0.01), 0.01)).

%% Every pair pulls on each other for Dt: velocities change.
pull([], _) -> [];
pull([Body | Others], Dt) ->
    {Body1, Others1} = pull_each(Body, Others, Dt, []),
    [Body1 | pull(Others1, Dt)].

pull_each(Body, [], _, Done) -> {Body, lists:reverse(Done)};
pull_each({X, Y, Z, VX, VY, VZ, M}, [{X2, Y2, Z2, VX2, VY2, VZ2, M2} | Others], Dt, Done) ->
    DX = X - X2, DY = Y - Y2, DZ = Z - Z2,
    D2 = DX * DX + DY * DY + DZ * DZ,
    Scale = Dt / (D2 * math:sqrt(D2)),
    A = M2 * Scale, B = M * Scale,
    pull_each({X, Y, Z, VX - DX * A, VY - DY * A, VZ - DZ * A, M}, Others, Dt,
              [{X2, Y2, Z2, VX2 + DX * B, VY2 + DY * B, VZ2 + DZ * B, M2} | Done]).

%% Every body moves at its velocity for Dt.
move([], _) -> [];
move([{X, Y, Z, VX, VY, VZ, M} | Others], Dt) ->
    [{X + Dt * VX, Y + Dt * VY, Z + Dt * VZ, VX, VY, VZ, M} | move(Others, Dt)].

%% ---------------------------------------------------------------- spectral norm

%% The matrix A(I, J) = 1 / ((I + J)(I + J + 1) / 2 + I + 1), from 0: the
%% norm is the square root of the Rayleigh quotient of A'A, found by
%% applying A'A to a vector of ones twenty times. In units of 1e-9.
spectral_norm(N) ->
    {U, V} = power(10, lists:duplicate(N, 1.0), none, N),
    round(math:sqrt(dot(U, V, 0.0) / dot(V, V, 0.0)) * 1.0e9).

%% K times: V = A'A U, then U = A'A V.
power(0, U, V, _) -> {U, V};
power(K, U, _, N) ->
    V = times_ata(U, N),
    power(K - 1, times_ata(V, N), V, N).

times_ata(U, N) -> times_at(times_a(U, N), N).

times_a(U, N) -> [row(I, U, 0, 0.0, fun entry/2) || I <- lists:seq(0, N - 1)].

times_at(U, N) -> [row(I, U, 0, 0.0, fun(Row, Col) -> entry(Col, Row) end) || I <- lists:seq(0, N - 1)].

row(_, [], _, Sum, _) -> Sum;
row(I, [UJ | Us], J, Sum, Entry) -> row(I, Us, J + 1, Sum + Entry(I, J) * UJ, Entry).

entry(I, J) -> 1.0 / ((I + J) * (I + J + 1) div 2 + I + 1).

dot([], [], Sum) -> Sum;
dot([A | As], [B | Bs], Sum) -> dot(As, Bs, Sum + A * B).

%% ---------------------------------------------------------------- fannkuch-redux

%% Visits the permutations of 1..N in the order where the first K
%% elements go through every arrangement of the first K - 1, rotated left
%% by one each time. For each, the prefix as long as the first element is
%% reversed until 1 comes first; the result is {Checksum, MostFlips}, the
%% checksum adding the flips of even-numbered permutations and
%% subtracting those of odd ones.
fannkuch(N) ->
    {_, Checksum, Most} = permutations(N, lists:seq(1, N), {0, 0, 0}),
    {Checksum, Most}.

permutations(1, Perm, State) -> visit(Perm, State);
permutations(K, Perm, State) -> rotations(K, K, Perm, State).

rotations(0, _, _, State) -> State;
rotations(I, K, Perm, State) ->
    State1 = permutations(K - 1, Perm, State),
    rotations(I - 1, K, rotate(K, Perm), State1).

%% The first K elements rotated left by one.
rotate(K, [First | Rest]) -> rotate(K - 1, Rest, First, []).

rotate(0, Rest, First, Front) -> reverse_onto(Front, [First | Rest]);
rotate(K, [X | Rest], First, Front) -> rotate(K - 1, Rest, First, [X | Front]).

visit(Perm, {Index, Checksum, Most}) ->
    Flips = flips(Perm, 0),
    Signed = case Index band 1 of 0 -> Flips; 1 -> -Flips end,
    {Index + 1, Checksum + Signed, max(Most, Flips)}.

flips([1 | _], Count) -> Count;
flips([First | _] = Perm, Count) -> flips(reverse_prefix(First, Perm, []), Count + 1).

reverse_prefix(0, Rest, Reversed) -> Reversed ++ Rest;
reverse_prefix(K, [X | Rest], Reversed) -> reverse_prefix(K - 1, Rest, [X | Reversed]).

reverse_onto([], List) -> List;
reverse_onto([X | Xs], List) -> reverse_onto(Xs, [X | List]).

%% ---------------------------------------------------------------- mandelbrot

-define(ITERATIONS, 50).

%% Row by row, a bit a pixel (1 when the point stays within 2 of the
%% origin for 50 iterations), each row padded to whole bytes. The picture
%% spans -1.5..0.5 across and -1..1 down.
mandelbrot(N) -> rows(0, N, <<>>).

rows(N, N, Bitmap) -> Bitmap;
rows(Y, N, Bitmap) ->
    Ci = 2.0 * Y / N - 1.0,
    Row = pixels(0, N, Ci, <<>>),
    Pad = (8 - bit_size(Row) rem 8) rem 8,
    rows(Y + 1, N, <<Bitmap/binary, Row/bitstring, 0:Pad>>).

pixels(N, N, _, Row) -> Row;
pixels(X, N, Ci, Row) ->
    Cr = 2.0 * X / N - 1.5,
    pixels(X + 1, N, Ci, <<Row/bitstring, (inside(0.0, 0.0, Cr, Ci, ?ITERATIONS)):1>>).

inside(_, _, _, _, 0) -> 1;
inside(Zr, Zi, Cr, Ci, Left) ->
    Zr2 = Zr * Zr,
    Zi2 = Zi * Zi,
    if
        Zr2 + Zi2 > 4.0 -> 0;
        true -> inside(Zr2 - Zi2 + Cr, 2.0 * Zr * Zi + Ci, Cr, Ci, Left - 1)
    end.

ones(<<>>, Count) -> Count;
ones(<<Bit:1, Rest/bitstring>>, Count) -> ones(Rest, Count + Bit).

hash_bytes(<<>>, Hash) -> Hash;
hash_bytes(<<Byte, Rest/binary>>, Hash) -> hash_bytes(Rest, (Hash * 31 + Byte) rem 1000000007).

%% ---------------------------------------------------------------- sieve

%% The count of primes up to N and their sum.
sieve(N) ->
    Marks = strike_from(2, N, array:new(N + 1, {default, true})),
    array:foldl(fun(I, true, {Count, Sum}) when I >= 2 -> {Count + 1, Sum + I};
                   (_, _, Acc) -> Acc
                end, {0, 0}, Marks).

strike_from(P, N, Marks) when P * P > N -> Marks;
strike_from(P, N, Marks) ->
    case array:get(P, Marks) of
        true -> strike_from(P + 1, N, strike(P * P, P, N, Marks));
        false -> strike_from(P + 1, N, Marks)
    end.

strike(I, _, N, Marks) when I > N -> Marks;
strike(I, P, N, Marks) -> strike(I + P, P, N, array:set(I, false, Marks)).

%% ---------------------------------------------------------------- sort

%% A linear congruential generator, the same numbers on both VMs.
random_integers(0, _, List) -> List;
random_integers(N, Seed, List) ->
    Next = (Seed * 1103515245 + 12345) band 16#7fffffff,
    random_integers(N - 1, Next, [Next | List]).

hash_list([], Hash) -> Hash;
hash_list([X | Xs], Hash) -> hash_list(Xs, (Hash * 31 + X) rem 1000000007).

%% ---------------------------------------------------------------- maps

-define(KEYS, 50000).

%% Step I visits key I * 7919 mod 50,000: it reads the key's value, and
%% adds I mod 7 to it if it is there (maps:update/3), or puts I mod 7
%% there if not (maps:put/3).
map_steps(Steps) -> map_steps(0, Steps, #{}).

map_steps(Steps, Steps, Map) -> Map;
map_steps(I, Steps, Map) ->
    Key = I * 7919 rem ?KEYS,
    Map1 = case maps:get(Key, Map, none) of
               none -> maps:put(Key, I rem 7, Map);
               Value -> maps:update(Key, Value + I rem 7, Map)
           end,
    map_steps(I + 1, Steps, Map1).

%% ---------------------------------------------------------------- csv

%% Lines of "id,name,quantity,price\n": the id counts up, the name is
%% "item" and a number, the quantity and the (signed) price vary.
csv_text(Lines) ->
    iolist_to_binary([csv_line(I) || I <- lists:seq(1, Lines)]).

csv_line(I) ->
    [integer_to_binary(I), $,, "item", integer_to_binary(I * 37 rem 1000), $,,
     integer_to_binary(I rem 97), $,, integer_to_binary(I * 7 rem 2001 - 1000), $\n].

%% Parses every line: {Lines, sum of ids, sum of quantity x price, bytes
%% of names}.
csv_parse(Text) -> csv_parse(Text, {0, 0, 0, 0}).

csv_parse(<<>>, Totals) -> Totals;
csv_parse(Text, {Lines, Ids, Amount, NameBytes}) ->
    {Id, Rest1} = field(Text, 0),
    {Name, Rest2} = field(Rest1, 0),
    {Quantity, Rest3} = field(Rest2, 0),
    {Price, Rest4} = field(Rest3, 0),
    csv_parse(Rest4, {Lines + 1, Ids + binary_to_integer(Id),
                      Amount + binary_to_integer(Quantity) * binary_to_integer(Price),
                      NameBytes + byte_size(Name)}).

%% The bytes up to the next comma or newline, and what follows it.
field(Text, Length) ->
    case Text of
        <<Field:Length/binary, $,, Rest/binary>> -> {Field, Rest};
        <<Field:Length/binary, $\n, Rest/binary>> -> {Field, Rest};
        _ -> field(Text, Length + 1)
    end.
