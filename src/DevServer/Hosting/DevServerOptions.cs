namespace CoderBootstrap.DevServer.Hosting;

/// <summary>Options of the embedded server; the names follow <c>temporal server start-dev</c>.</summary>
public sealed record DevServerOptions
{
    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>Port of the gRPC frontend; 0 picks a free one.</summary>
    public int Port { get; init; }

    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>SQLite file that keeps all state across restarts; null keeps everything in memory.</summary>
    public string? DbFilename { get; init; }

    public string LogLevel { get; init; } = "warn";

    public string LogFormat { get; init; } = "pretty";

    public bool Headless { get; init; } = true;

    public int? UiPort { get; init; }

    public IReadOnlyList<string> SearchAttributes { get; init; } = [];

    public IReadOnlyList<string> DynamicConfigValues { get; init; } = [];

    /// <summary>PEM certificate (with <see cref="TlsKeyFile"/>) to serve TLS with; null serves plain HTTP/2.</summary>
    public string? TlsCertificateFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary>PEM CA certificate: when set, every client must present a certificate it issued (mTLS).</summary>
    public string? TlsClientCaFile { get; init; }
}
