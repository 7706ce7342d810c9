namespace CoderBootstrap.Activities.Runtime;

/// <summary>
/// Where the activities find the repository content (environment specs, manifests, templates,
/// hooks), how often they poll, and where credentials come from (the process environment by
/// default; never from files in the repository).
/// </summary>
public sealed record CoderBootstrapOptions
{
    public required string RepositoryRoot { get; init; }

    public string EnvironmentsDirectory => Path.Combine(RepositoryRoot, "deploy", "environments");

    public string ManifestsDirectory => Path.Combine(RepositoryRoot, "deploy", "coder");

    public string TemplatesDirectory => Path.Combine(RepositoryRoot, "templates");

    public string HooksDirectory => Path.Combine(RepositoryRoot, "hooks");

    public string PriceCatalogPath => Path.Combine(RepositoryRoot, "deploy", "prices.yaml");

    /// <summary>The notification channels (deploy/notifications.yaml; absent: none).</summary>
    public string NotificationsPath => Path.Combine(RepositoryRoot, "deploy", "notifications.yaml");

    /// <summary>Interval between status polls of Scaleway resources (the official SDKs use 15 s).</summary>
    public TimeSpan ResourcePollInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Interval between polls of Kubernetes rollouts and Coder jobs.</summary>
    public TimeSpan RolloutPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a hook may run before it is killed, unless hooks/&lt;name&gt;.timeout or the spec's hooks.timeout says otherwise.</summary>
    public TimeSpan HookTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Multiplies the activity retry intervals of the runs started with these options (1 in
    /// production; a sandbox whose delays are scaled down takes the same factor). Workflows get
    /// it through their input, never from here.
    /// </summary>
    public double RetryIntervalScale { get; init; } = 1;

    /// <summary>How many times a failing health check is run before it counts as failed.</summary>
    public int HealthCheckAttempts { get; init; } = 5;

    /// <summary>Wait before the second run of a failing health check; it doubles for each later one.</summary>
    public TimeSpan HealthCheckRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Variable lookup for credentials and endpoints (SCW_*); tests pass their own.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Walks up from a directory to the folder holding Workflows.sln.</summary>
    public static string FindRepositoryRoot(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Workflows.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no Workflows.sln above {startDirectory}: set the repository root explicitly");
    }
}
