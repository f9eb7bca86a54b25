# Strings, interpolation (String.Chars) and inspect (Inspect) over the
# common types, printed with IO.puts/1 and IO.inspect/2.
defmodule Interpolation do
  defmodule Point do
    defstruct x: 0, y: 0
  end

  def main do
    name = "José"
    IO.puts("Hello, #{name}! #{String.length(name)} letters, #{byte_size(name)} bytes")
    IO.puts("integer #{42}, float #{1.5}, atom #{:ok}, charlist #{'abc'}, list #{[?a, "bc"]}")
    IO.puts(inspect({:tuple, 1, 2.0, "three", 'four', [5]}))
    IO.puts(inspect(%{a: 1, b: [1, 2], c: %{"nested" => true}}))
    IO.puts(inspect([1, 2, 3] ++ [4]))
    IO.puts(inspect(%Point{x: 1, y: 2}))
    IO.puts(inspect(keyword: :list, other: nil))
    IO.puts(inspect(<<1, 2, 3>>))
    IO.puts(inspect("with \"quotes\"\n"))
    IO.puts(inspect(Enum.to_list(1..10)))
    IO.puts(inspect(1..10))
    IO.puts(inspect(:math.pi()))
    IO.puts(inspect(nil) <> " " <> inspect(true) <> " " <> inspect(:"quoted atom"))
    IO.inspect(Enum.map([1, 2, 3], fn x -> x * x end), label: "squares")
    IO.puts(String.upcase("shout") <> " " <> String.reverse("olleh"))
    IO.puts(Enum.join(["a", "b", "c"], ", "))
    IO.puts("#{inspect(self()) =~ "#PID<"}")
  end
end
