namespace CoderBootstrap.Sandbox.Tests.S3;

public sealed class S3rverCompatibilityTests(S3rverFixture fixture) : S3CompatibilityTests(fixture), IClassFixture<S3rverFixture>;
