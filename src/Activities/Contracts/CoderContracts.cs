using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Contracts;

// Inputs and outputs of the phase-2 and setup activities. No secret ever travels through them.

/// <summary>The phase-1 outputs phase 2 needs, read from the infra state document.</summary>
public sealed record InfraOutputs(string Environment, string ClusterId, string PrivateNetworkId, string DatabaseInstanceId,
    string DatabaseHost, int DatabasePort, string DatabaseName, string DatabaseUser, string CredentialsObjectKey, string KubeconfigObjectKey)
    : IEnvironmentScoped;

/// <summary>What every phase-2 step starts from: the run's spec and the phase-1 outputs the workflow holds.</summary>
public sealed record CoderStepInput(SpecSnapshot Snapshot, InfraOutputs Infra) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}

public sealed record StorageClassReport(string DefaultClass, string Provisioner, IReadOnlyList<string> Classes, bool ProbeVolumeBound);

public sealed record AppliedManifests(string Namespace, IReadOnlyList<string> Objects);

/// <summary>Where Coder answers once rolled out (load balancer address or configured access URL).</summary>
public sealed record CoderEndpoint(string Url, string? LoadBalancerIp, string AccessUrl, int ReadyReplicas);

public sealed record FirstAdmin(string UserName, string Email, string PasswordSecretName, bool Created);

public sealed record FirstAdminInput(CoderStepInput Step, CoderEndpoint Endpoint) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Step.Environment;
}

public sealed record PushTemplateInput(CoderStepInput Step, string CoderUrl, string TemplateName) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Step.Environment;
}

public sealed record TemplatePushed(string Name, string VersionId, bool CreatedTemplate);

public sealed record RecordCoderStateInput(CoderStepInput Step, CoderEndpoint Endpoint, IReadOnlyList<TemplatePushed> Templates) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Step.Environment;
}

/// <summary>The health checks of a deployed environment: its spec, phase-1 outputs and the templates phase 2 pushed.</summary>
public sealed record HealthCheckInput(CoderStepInput Step, IReadOnlyList<string> Templates) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Step.Environment;
}

public sealed record TemplatesInput(SpecSnapshot Snapshot, string? OnlyTemplate) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}

public sealed record HealthCheckResult(string Name, bool Passed, string Detail);

public sealed record HealthReport(IReadOnlyList<HealthCheckResult> Checks)
{
    public bool AllPassed => Checks.All(c => c.Passed);
}

/// <param name="Timeout">
/// The hook's timeout as <c>DescribeHook</c> found it (from the run's spec snapshot or
/// hooks/&lt;hook&gt;.timeout), handed forward by the workflow; null for runs started before hook
/// timeouts were looked up: hooks/&lt;hook&gt;.timeout or the worker's default then.
/// </param>
public sealed record HookInput(string Environment, string Hook, string? CoderUrl, string? Template, TimeSpan? Timeout = null) : IEnvironmentScoped;

public sealed record HookResult(string Hook, bool Ran, int ExitCode, string OutputTail);

public sealed record PrerequisiteReport(IReadOnlyList<HealthCheckResult> Checks);
