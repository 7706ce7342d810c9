using Temporalio.Client;
using Temporalio.Common.EnvConfig;

namespace CoderBootstrap.Worker;

/// <summary>
/// Where a worker or the Starter finds Temporal: the SDK's own environment configuration
/// (<see cref="ClientEnvConfig"/>) — <c>TEMPORAL_ADDRESS</c>, <c>TEMPORAL_NAMESPACE</c>,
/// <c>TEMPORAL_API_KEY</c>, <c>TEMPORAL_TLS_*</c> and the profiles of <c>temporal.toml</c> — so the same
/// settings reach a local server, a TLS-secured cluster or Temporal Cloud (API key or mTLS).
/// </summary>
public static class TemporalSettings
{
    /// <summary>What to set when nothing is configured (for one line of help).</summary>
    public const string HowToConfigure =
        "set TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE; TEMPORAL_API_KEY or TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH for Temporal Cloud), "
        + "or a profile in temporal.toml (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE)";

    // The variables the SDK's configuration reads (plus where it looks for temporal.toml); passed
    // explicitly so that a caller's own environment lookup (the Starter's, a test's) is honoured.
    private static readonly string[] Variables =
    [
        "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_API_KEY", "TEMPORAL_PROFILE", "TEMPORAL_CONFIG_FILE",
        "TEMPORAL_TLS", "TEMPORAL_TLS_SERVER_NAME", "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION",
        "TEMPORAL_TLS_SERVER_CA_CERT_PATH", "TEMPORAL_TLS_SERVER_CA_CERT_DATA",
        "TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_CERT_DATA",
        "TEMPORAL_TLS_CLIENT_KEY_PATH", "TEMPORAL_TLS_CLIENT_KEY_DATA",
        "TEMPORAL_CODEC_ENDPOINT", "TEMPORAL_CODEC_AUTH", "TEMPORAL_GRPC_META",
        "HOME", "XDG_CONFIG_HOME", "APPDATA",
    ];

    /// <summary>The configured connection, or null when no server address is configured anywhere.</summary>
    /// <exception cref="TemporalConfigurationException">The settings exist but cannot be used (a missing certificate file, a malformed temporal.toml).</exception>
    public static TemporalClientConnectOptions? Load(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Variables)
        {
            if (environment(name) is { Length: > 0 } value)
            {
                variables[name] = value;
            }
        }
        try
        {
            var profile = ClientEnvConfig.Profile.Load(new ClientEnvConfig.ProfileLoadOptions { OverrideEnvVars = variables });
            if (string.IsNullOrWhiteSpace(profile.Address))
            {
                return null;
            }
            var options = profile.ToClientConnectionOptions();
            if (string.IsNullOrEmpty(options.Namespace))
            {
                options.Namespace = "default";
            }
            return options;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or FormatException or UnauthorizedAccessException)
        {
            throw new TemporalConfigurationException($"the Temporal connection settings cannot be used: {e.Message.TrimEnd('.')}", e);
        }
    }

    /// <summary>One line saying where a connection goes (never a key or certificate).</summary>
    public static string Describe(TemporalClientConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var security = options.ApiKey is not null ? ", API key" : options.Tls is { ClientCert: not null } ? ", mTLS" : options.Tls is not null ? ", TLS" : string.Empty;
        return $"{options.TargetHost}, namespace {options.Namespace}{security}";
    }
}

/// <summary>Temporal connection settings that are present but unusable.</summary>
public sealed class TemporalConfigurationException : Exception
{
    public TemporalConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
