namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>
/// A routed request of an emulated API: the operation it counts as in the runtime (log, counters,
/// faults), the credential check that runs once no fault answered it, and the handler.
/// </summary>
public sealed record SandboxEndpoint(string Operation, bool Mutation, Func<Task> Handle)
{
    /// <summary>Throws the API's authentication error; null for endpoints open to anyone.</summary>
    public Action? Authenticate { get; init; }
}
