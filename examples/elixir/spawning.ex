# The Elixir process tutorial's first steps: spawn, Process.alive?/1,
# self/0, send/2 and receive with after.
defmodule Spawning do
  def main do
    pid = spawn(fn -> 1 + 2 end)
    # Wait for it to end: a monitor tells when.
    ref = Process.monitor(pid)

    receive do
      {:DOWN, ^ref, :process, ^pid, reason} -> IO.puts("spawned process ended: #{inspect(reason)}")
    end

    IO.puts("alive? #{Process.alive?(pid)}")
    IO.puts("self alive? #{Process.alive?(self())}")

    send(self(), {:hello, "world"})

    message =
      receive do
        {:hello, msg} -> msg
        {:world, _msg} -> "won't match"
      end

    IO.puts(message)

    nothing =
      receive do
        {:hello, msg} -> msg
      after
        100 -> "nothing after 100 ms"
      end

    IO.puts(nothing)

    parent = self()
    child = spawn(fn -> send(parent, {:hello, self()}) end)

    receive do
      {:hello, ^child} -> IO.puts("Got hello from the child: #{child == child and is_pid(child)}")
    end

    send(self(), :hello)
    flush()
  end

  defp flush do
    receive do
      message ->
        IO.inspect(message)
        flush()
    after
      0 -> :ok
    end
  end
end
