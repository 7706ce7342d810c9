namespace CoderBootstrap.Activities.State;

/// <summary>
/// A kubeconfig uploaded privately, with a presigned GET URL valid until <see cref="ExpiresAt"/>.
/// The URL grants access to a credential until then: hand it to a human, do not persist it.
/// </summary>
public sealed record PublishedKubeconfig(string Bucket, string ObjectKey, Uri PresignedUrl, DateTimeOffset ExpiresAt)
{
    public override string ToString() =>
        $"PublishedKubeconfig {{ Bucket = {Bucket}, ObjectKey = {ObjectKey}, PresignedUrl = {PresignedUrl.GetLeftPart(UriPartial.Path)}?(signature hidden), ExpiresAt = {ExpiresAt:O} }}";
}
