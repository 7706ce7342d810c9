using Xunit.Sdk;

namespace CoderBootstrap.Sandbox.Tests.S3;

/// <summary>
/// A fact of the shared S3 tests: reported as skipped for the s3rver run when s3rver (or node) is not
/// installed, instead of failing, since xUnit 2 has no runtime skip.
/// </summary>
[XunitTestCaseDiscoverer("CoderBootstrap.Sandbox.Tests.S3.S3FactDiscoverer", "Sandbox.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class S3FactAttribute : FactAttribute;
