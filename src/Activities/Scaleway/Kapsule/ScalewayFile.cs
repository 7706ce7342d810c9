namespace CoderBootstrap.Activities.Scaleway;

/// <summary>The API's File object (kubeconfig, certificates): content is base64.</summary>
public sealed record ScalewayFile(string Name, string ContentType, string Content)
{
    public override string ToString() => $"ScalewayFile {{ Name = {Name}, ContentType = {ContentType}, Content = ({Content.Length} base64 chars) }}";
}
