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

    /// <summary>
    /// No Web UI. True by default for servers embedded in a process (tests, benches); the command
    /// line turns the UI on unless <c>--headless</c> is given, as <c>temporal server start-dev</c> does.
    /// </summary>
    public bool Headless { get; init; } = true;

    /// <summary>Port of the Web UI and its HTTP API; null: the gRPC port + 1000 (a free port when the gRPC port is 0).</summary>
    public int? UiPort { get; init; }

    /// <summary>Address the Web UI binds; null: the same as <see cref="Ip"/>.</summary>
    public string? UiIp { get; init; }

    /// <summary>An already built UI (a folder with index.html); null builds it at first use into <see cref="UiCacheDirectory"/>.</summary>
    public string? UiAssetPath { get; init; }

    /// <summary>Where the UI is built and kept; null: <c>.local/devserver-ui</c> of the repository (or the user's cache).</summary>
    public string? UiCacheDirectory { get; init; }

    public IReadOnlyList<string> SearchAttributes { get; init; } = [];

    public IReadOnlyList<string> DynamicConfigValues { get; init; } = [];

    /// <summary>PEM certificate (with <see cref="TlsKeyFile"/>) to serve TLS with; null serves plain HTTP/2.</summary>
    public string? TlsCertificateFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary>PEM CA certificate: when set, every client must present a certificate it issued (mTLS).</summary>
    public string? TlsClientCaFile { get; init; }
}
