using CoderBootstrap.Activities.Backup;

namespace CoderBootstrap.Activities.Tests.Backup;

public sealed class PartSizePolicyTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void PartSizeDoublesEveryThousandPartsAndStopsAtTheMaximum()
    {
        var policy = new PartSizePolicy(8 * MiB);

        Assert.Equal([8 * MiB, 8 * MiB, 16 * MiB, 32 * MiB, 1024 * MiB, 1024 * MiB],
            new[] { 1, 1000, 1001, 2001, 8001, 10_000 }.Select(policy.SizeOf));
    }

    [Fact]
    public void TenThousandPartsHoldMoreThanThreeTebibytes()
    {
        Assert.True(new PartSizePolicy().Capacity() > 3L * 1024 * 1024 * MiB);
    }

    [Fact]
    public void ExpectedSizeFitsInTheFirstThousandPartsWithRoomToGrow()
    {
        var policy = PartSizePolicy.ForExpectedSize(100L * 1024 * MiB);

        Assert.True(policy.InitialPartSize * PartSizePolicy.PartsPerStep >= 4 * 100L * 1024 * MiB);
        Assert.Equal(0, policy.InitialPartSize % MiB);
    }

    [Fact]
    public void SmallDatabasesUseTheEightMebibyteFloor()
    {
        Assert.Equal(8 * MiB, PartSizePolicy.ForExpectedSize(1024 * MiB).InitialPartSize);
    }

    [Fact]
    public void PartNumbersBeyondTheS3LimitAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PartSizePolicy().SizeOf(10_001));
    }

    [Fact]
    public void PartsSmallerThanTheS3MinimumAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PartSizePolicy(4 * MiB));
    }
}
