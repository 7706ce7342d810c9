namespace CoderBootstrap.Starter;

/// <summary>What a Starter invocation runs against: its output streams, environment and repository.</summary>
public sealed record StarterContext
{
    public TextWriter Out { get; init; } = Console.Out;

    public TextWriter Error { get; init; } = Console.Error;

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public required string RepositoryRoot { get; init; }

    /// <summary>Where embedded services keep their state (<c>.local/</c> of the repository by default).</summary>
    public string LocalStateDirectory => Path.Combine(RepositoryRoot, ".local");

    /// <summary>With <c>--verbose</c>: the SDK's and the worker's log lines are copied to <see cref="Error"/>.</summary>
    public bool Verbose { get; init; }

    /// <summary>Interval of the live progress display.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
