namespace CoderBootstrap.Sandbox.Tests.S3;

public sealed class SandboxS3CompatibilityTests(SandboxS3Fixture fixture) : S3CompatibilityTests(fixture), IClassFixture<SandboxS3Fixture>;
