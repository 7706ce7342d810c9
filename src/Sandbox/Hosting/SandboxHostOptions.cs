using CoderBootstrap.Sandbox.Runtime;
using CoderBootstrap.Sandbox.Scaleway;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.Hosting;

public sealed record SandboxHostOptions
{
    /// <summary>Port of the Scaleway API and admin endpoints on 127.0.0.1; 0 picks a free port.</summary>
    public int ScalewayPort { get; init; }

    /// <summary>Multiplier of every realistic delay (1 = real timings, 0.01 for tests).</summary>
    public double TimeScale { get; init; } = 1.0;

    /// <summary>Directory where resources (and the local PostgreSQL cluster key) persist across restarts; null for an ephemeral sandbox.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>A JSON or YAML file of faults (and optionally a time scale) applied at start.</summary>
    public string? FaultsFile { get; init; }

    /// <summary>Also read <c>SANDBOX_TIME_SCALE</c>, <c>SANDBOX_FAULTS</c> and <c>SANDBOX_FAULTS_FILE</c>.</summary>
    public bool ReadEnvironment { get; init; }

    /// <summary>Run a real PostgreSQL for managed databases when its binaries are found.</summary>
    public bool UseRealPostgres { get; init; } = true;

    /// <summary>Where to look for <c>*/bin/initdb</c>; defaults to /usr/lib/postgresql.</summary>
    public string PostgresSearchRoot { get; init; } = "/usr/lib/postgresql";

    /// <summary>Fixed credentials; generated (and persisted with a state directory) when null.</summary>
    public ScalewayIdentity? Identity { get; init; }

    public string Region { get; init; } = "fr-par";

    public SandboxTimings Timings { get; init; } = new();

    public ScalewayQuotas Quotas { get; init; } = new();

    public ILoggerFactory? LoggerFactory { get; init; }
}
