using CoderBootstrap.Sandbox.S3;

namespace CoderBootstrap.Sandbox.Tests.S3;

public sealed class S3ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-9", 100, 0, 10, true)]
    [InlineData("bytes=90-", 100, 90, 10, true)]
    [InlineData("bytes=-5", 100, 95, 5, true)]
    [InlineData("bytes=95-200", 100, 95, 5, true)]
    [InlineData("", 100, 0, 100, false)]
    [InlineData("bytes=0-1,5-6", 100, 0, 100, false)]
    [InlineData("items=0-1", 100, 0, 100, false)]
    public void RangeResolvesToOffsetAndLength(string header, long size, long offset, long length, bool partial) =>
        Assert.Equal((offset, length, partial), S3ByteRange.Resolve(header, size));

    [Fact]
    public void RangeStartingAtTheSizeIsNotSatisfiable()
    {
        var error = Assert.Throws<S3Exception>(() => S3ByteRange.Resolve("bytes=100-", 100));

        Assert.Equal(416, error.StatusCode);
    }
}
