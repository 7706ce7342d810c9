namespace CoderBootstrap.Activities.Kubernetes;

/// <summary>A manifest cannot be rendered or applied as written (bad YAML, placeholder left, unknown kind).</summary>
public sealed class ManifestException : Exception
{
    public ManifestException(string message)
        : base(message)
    {
    }

    public ManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
