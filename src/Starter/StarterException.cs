namespace CoderBootstrap.Starter;

/// <summary>A failure to report as one line with a given exit code (2: bad input, 3: already running, 1: failed).</summary>
public sealed class StarterException : Exception
{
    public StarterException(string message, int exitCode = 1)
        : base(message) => ExitCode = exitCode;

    public int ExitCode { get; }
}
