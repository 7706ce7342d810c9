namespace CoderBootstrap.Activities.Setup;

/// <summary>The last lines of a process's output, kept in a bounded buffer (thread-safe: stdout and stderr both append).</summary>
internal sealed class OutputTail
{
    private readonly Queue<string> _lines = new();
    private readonly int _capacity;

    public OutputTail(int capacity) => _capacity = capacity;

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > _capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join("\n", _lines);
        }
    }
}
