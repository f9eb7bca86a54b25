# The tutorial's links and tasks: a linked process that raises takes its
# parent down unless the parent traps exits; Task.start/1 and
# Task.start_link/1 return {:ok, pid}. (The crashes are also reported on
# standard error, differently by Elixir's Logger and by girder.)
defmodule Links do
  def main do
    Process.flag(:trap_exit, true)
    pid = spawn_link(fn -> raise "oops" end)

    receive do
      {:EXIT, ^pid, {%RuntimeError{message: message}, _stacktrace}} ->
        IO.puts("linked process raised: #{message}")
    end

    Process.register(self(), :links_main)
    {:ok, task} = Task.start(fn -> send(:links_main, :task_ran) end)
    IO.puts("Task.start gave a pid: #{is_pid(task)}")

    receive do
      :task_ran -> IO.puts("the task ran")
    after
      1000 -> IO.puts("the task did not run")
    end

    {:ok, linked} = Task.start_link(fn -> exit(:task_failed) end)

    receive do
      {:EXIT, ^linked, reason} -> IO.puts("linked task exited: #{inspect(reason)}")
    end

    IO.puts("the parent is still alive: #{Process.alive?(self())}")
  end
end
