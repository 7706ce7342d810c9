namespace CoderBootstrap.Sandbox.S3;

/// <summary>What a verified SigV4 request leaves for checking the signatures of its aws-chunked payload.</summary>
internal sealed record S3SigningContext(byte[] SigningKey, string AmzDate, string Scope, string SeedSignature, string? ContentSha256);
