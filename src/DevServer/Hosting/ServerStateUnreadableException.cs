namespace CoderBootstrap.DevServer.Hosting;

/// <summary>The server's SQLite state file exists but cannot be read (corrupt, not a database, no permission).</summary>
public sealed class ServerStateUnreadableException : Exception
{
    public ServerStateUnreadableException(string path, Exception innerException)
        : base($"the Temporal state file {path} cannot be read: {innerException?.Message.TrimEnd('.')}", innerException) => Path = path;

    public string Path { get; }
}
