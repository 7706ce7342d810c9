namespace CoderBootstrap.Activities.Tests.State;

/// <summary>A fact that needs s3rver; reported as skipped, with how to install it, when s3rver or node is missing.</summary>
internal sealed class S3rverFactAttribute : FactAttribute
{
    public S3rverFactAttribute()
    {
        if (S3rverLocator.ExecutablePath is null)
        {
            Skip = S3rverLocator.SkipReason;
        }
    }
}
