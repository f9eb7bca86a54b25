# The tutorial's state: a key-value process looping over a map, reached
# by pid and by a registered name, then the same with an Agent.
defmodule KV do
  def start_link do
    Task.start_link(fn -> loop(%{}) end)
  end

  defp loop(map) do
    receive do
      {:get, key, caller} ->
        send(caller, Map.get(map, key))
        loop(map)

      {:put, key, value} ->
        loop(Map.put(map, key, value))
    end
  end
end

defmodule KVDemo do
  def main do
    {:ok, pid} = KV.start_link()
    send(pid, {:get, :hello, self()})
    IO.inspect(answer())
    send(pid, {:put, :hello, :world})
    send(pid, {:get, :hello, self()})
    IO.inspect(answer())

    IO.inspect(Process.register(pid, :kv))
    send(:kv, {:get, :hello, self()})
    IO.inspect(answer())
    IO.inspect(Process.whereis(:kv) == pid)

    {:ok, agent} = Agent.start_link(fn -> %{} end)
    IO.inspect(Agent.update(agent, fn map -> Map.put(map, :hello, :world) end))
    IO.inspect(Agent.get(agent, fn map -> Map.get(map, :hello) end))
    {:ok, _} = Agent.start_link(fn -> [] end, name: :list_agent)
    Agent.update(:list_agent, fn list -> [1 | list] end)
    Agent.update(:list_agent, fn list -> [2 | list] end)
    IO.inspect(Agent.get(:list_agent, & &1))
    IO.inspect(Agent.get_and_update(:list_agent, fn list -> {length(list), []} end))
    IO.inspect(Agent.stop(agent))
  end

  defp answer do
    receive do
      value -> value
    after
      1000 -> :timeout
    end
  end
end
