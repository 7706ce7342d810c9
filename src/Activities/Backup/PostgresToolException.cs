namespace CoderBootstrap.Activities.Backup;

/// <summary>pg_dump or pg_restore exited with an error; the message carries the end of its error output (passwords removed).</summary>
public sealed class PostgresToolException(string tool, int exitCode, string errorOutput)
    : Exception($"{tool} failed with exit code {exitCode}: {errorOutput}")
{
    public string Tool { get; } = tool;

    public int ExitCode { get; } = exitCode;

    public string ErrorOutput { get; } = errorOutput;
}
