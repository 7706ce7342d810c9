using CoderBootstrap.Sandbox.S3;

namespace CoderBootstrap.Sandbox.Tests.S3;

public sealed class S3BucketNameRulesTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("coder-backups.fr-par")]
    [InlineData("a0123456789012345678901234567890123456789012345678901234567890b")]
    public void ValidNamesAreAccepted(string name) => Assert.True(S3BucketNameRules.IsValid(name));

    [Theory]
    [InlineData("ab")]
    [InlineData("Uppercase")]
    [InlineData("under_score")]
    [InlineData("-leading-hyphen")]
    [InlineData("trailing-hyphen-")]
    [InlineData("double..dot")]
    [InlineData("192.168.1.10")]
    [InlineData("a01234567890123456789012345678901234567890123456789012345678901b")]
    public void InvalidNamesAreRejected(string name) => Assert.False(S3BucketNameRules.IsValid(name));
}
