namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>
/// The HTTP request being served, so that <see cref="SandboxRuntime.EnterAsync"/> can attach the
/// operation it records to the request's method, path and final status.
/// </summary>
public sealed class SandboxRequestScope
{
    internal SandboxRequestScope(string method, string path)
    {
        Method = method;
        Path = path;
    }

    public string Method { get; }

    public string Path { get; }

    internal string? Operation { get; set; }

    internal bool Mutation { get; set; }

    internal bool Faulted { get; set; }
}
