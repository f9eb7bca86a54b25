-module(build_basic).
-export([main/1, id/1]).
id(X) -> X.
%% Pad: the bits that make B whole bytes; binary_to_list/1 refuses a
%% bitstring, so a wrong size does not go unnoticed.
show(B, Pad) -> io:format("~w~n", [binary_to_list(<<B/bits, 0:Pad>>)]).
main(_) ->
  X = id(16#123), Y = id(-2), Z = id(<<"xyz">>),
  show(<<X:8, Y:16/little-signed, Z/binary, 1.5/float, X:7, "abc">>, 1),
  show(<<X:12/little, Y:12/little>>, 0),
  show(<<X:12, Y:12>>, 0),
  show(<<(id(16#123456)):20/little>>, 4),
  show(<<(id(1 bsl 100)):104, (id(-(1 bsl 70))):80/little>>, 0),
  show(<<(id(-1)):200>>, 0),
  show(<<(id(1.5)):16/float, (id(2.5)):32/float-little, (id(-3.25)):64/float, (id(7)):32/float>>, 0),
  show(<<(id(100000.0)):16/float, (id(1.0e300)):32/float>>, 0),
  show(<<(id(16#20AC))/utf8, (id(16#1F600))/utf16, (id(16#1F600))/utf16-little, (id($a))/utf32-little>>, 0),
  show(<<(id(<<(id(1)):3>>))/bits, (id(<<"ab">>))/binary, (id(5)):3>>, 2),
  show(<<(id(<<1,2,3,4>>)):2/binary, (id(<<1,2,3,4>>)):(id(3))/binary-unit:4>>, 4),
  show(<<(id(7)):(id(3))/unit:5>>, 1),
  show(<<>>, 0),
  ok.
