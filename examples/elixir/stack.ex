# A GenServer (the stack of Elixir's GenServer documentation) under a
# Supervisor: calls, casts, a crash and its restart by the supervisor.
defmodule Stack do
  use GenServer

  def start_link(initial) do
    GenServer.start_link(__MODULE__, initial, name: __MODULE__)
  end

  def push(element), do: GenServer.cast(__MODULE__, {:push, element})
  def pop, do: GenServer.call(__MODULE__, :pop)

  @impl true
  def init(stack), do: {:ok, stack}

  @impl true
  def handle_call(:pop, _from, [head | tail]), do: {:reply, head, tail}

  @impl true
  def handle_cast({:push, element}, state), do: {:noreply, [element | state]}
end

defmodule StackDemo do
  def main do
    children = [{Stack, [:hello]}]
    {:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
    IO.inspect(Stack.pop())
    Stack.push(:world)
    Stack.push(:again)
    IO.inspect(Stack.pop())
    IO.inspect(Stack.pop())
    IO.inspect(Supervisor.count_children(sup))
    first = Process.whereis(Stack)
    # Popping the empty stack crashes the server; the supervisor restarts it.
    try do
      Stack.pop()
    catch
      :exit, {{reason, _stacktrace}, {GenServer, :call, _}} -> IO.inspect(reason, label: "the server exited")
    end

    second = restarted(first)
    IO.puts("restarted: #{is_pid(second) and second != first}")
    IO.inspect(Stack.pop())
    IO.inspect(Supervisor.stop(sup))
  end

  # The supervisor restarts the server under its name, soon.
  defp restarted(first) do
    case Process.whereis(Stack) do
      pid when is_pid(pid) and pid != first ->
        pid

      _ ->
        Process.sleep(10)
        restarted(first)
    end
  end
end
