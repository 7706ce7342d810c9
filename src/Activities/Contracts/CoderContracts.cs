namespace CoderBootstrap.Activities.Contracts;

// Inputs and outputs of the phase-2 and setup activities. No secret ever travels through them.

/// <summary>The phase-1 outputs phase 2 needs, read from the infra state document.</summary>
public sealed record InfraOutputs(string Environment, string ClusterId, string PrivateNetworkId, string DatabaseInstanceId,
    string DatabaseHost, int DatabasePort, string DatabaseName, string DatabaseUser, string CredentialsObjectKey, string KubeconfigObjectKey);

public sealed record StorageClassReport(string DefaultClass, string Provisioner, IReadOnlyList<string> Classes, bool ProbeVolumeBound);

public sealed record AppliedManifests(string Namespace, IReadOnlyList<string> Objects);

/// <summary>Where Coder answers once rolled out (load balancer address or configured access URL).</summary>
public sealed record CoderEndpoint(string Url, string? LoadBalancerIp, string AccessUrl, int ReadyReplicas);

public sealed record FirstAdmin(string UserName, string Email, string PasswordSecretName, bool Created);

public sealed record PushTemplateInput(string Environment, string CoderUrl, string TemplateName);

public sealed record TemplatePushed(string Name, string VersionId, bool CreatedTemplate);

public sealed record RecordCoderStateInput(string Environment, CoderEndpoint Endpoint, IReadOnlyList<TemplatePushed> Templates);

public sealed record HealthCheckResult(string Name, bool Passed, string Detail);

public sealed record HealthReport(IReadOnlyList<HealthCheckResult> Checks)
{
    public bool AllPassed => Checks.All(c => c.Passed);
}

/// <param name="Timeout">The hook's timeout as looked up by <c>DescribeHook</c>; null: looked up when it runs.</param>
public sealed record HookInput(string Environment, string Hook, string? CoderUrl, string? Template, TimeSpan? Timeout = null);

public sealed record HookResult(string Hook, bool Ran, int ExitCode, string OutputTail);

public sealed record PrerequisiteReport(IReadOnlyList<HealthCheckResult> Checks);
