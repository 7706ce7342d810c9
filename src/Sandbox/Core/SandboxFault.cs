namespace CoderBootstrap.Sandbox.Core;

/// <summary>An injected failure: the HTTP status, the API error type (e.g. <c>quotas_exceeded</c>) and a message.</summary>
public sealed record SandboxFault(int StatusCode, string? ErrorType, string Message);
