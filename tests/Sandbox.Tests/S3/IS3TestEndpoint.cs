namespace CoderBootstrap.Sandbox.Tests.S3;

/// <summary>An S3 implementation the shared S3 tests run against.</summary>
public interface IS3TestEndpoint
{
    string ServiceUrl { get; }

    string AccessKey { get; }

    string SecretKey { get; }

    /// <summary>Why the endpoint could not be started (its tests are then skipped), or null.</summary>
    string? UnavailableReason { get; }
}
