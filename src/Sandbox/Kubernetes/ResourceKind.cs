namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>One served Kubernetes resource type (for example <c>apps/v1</c> <c>deployments</c>).</summary>
internal sealed record ResourceKind(
    string Group,
    string Version,
    string Kind,
    string Plural,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    bool HasStatusSubresource,
    bool TracksGeneration)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string Singular => Kind.ToLowerInvariant();

    /// <summary>The resource as the API server names it in messages: <c>deployments.apps</c>, <c>pods</c>.</summary>
    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The kind as the API server names it in validation messages: <c>Deployment.apps</c>, <c>Pod</c>.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
}
