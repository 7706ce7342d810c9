namespace CoderBootstrap.Activities.Backup;

/// <summary>
/// Part sizes for a multipart upload of unknown length. S3 allows at most 10,000 parts of 5 MiB to
/// 5 GiB (the last may be smaller), so the size doubles every <see cref="PartsPerStep"/> parts. A
/// part is held in memory while it uploads, so it stops growing at 1 GiB (below S3's 5 GiB and
/// .NET's array limit): from 8 MiB that is ~2 TiB after 8,000 parts and ~3.9 TiB at 10,000.
/// An expected size (for example the database's on-disk size) raises the first size so that a
/// large dump uses few, larger parts from the start.
/// </summary>
public sealed class PartSizePolicy
{
    public const long MinimumPartSize = 5L * 1024 * 1024;
    public const long MaximumPartSize = 1L * 1024 * 1024 * 1024;
    public const int MaximumParts = 10_000;
    public const int PartsPerStep = 1_000;

    public PartSizePolicy(long initialPartSize = 8L * 1024 * 1024)
    {
        if (initialPartSize is < MinimumPartSize or > MaximumPartSize)
        {
            throw new ArgumentOutOfRangeException(nameof(initialPartSize), "a part is 5 MiB to 1 GiB");
        }

        InitialPartSize = initialPartSize;
    }

    public long InitialPartSize { get; }

    /// <summary>A policy whose first step alone holds <paramref name="expectedBytes"/> four times over (room for growth), in whole MiB.</summary>
    public static PartSizePolicy ForExpectedSize(long expectedBytes, long floor = 8L * 1024 * 1024)
    {
        const long mebibyte = 1024 * 1024;
        var needed = Math.Max(floor, expectedBytes * 4 / PartsPerStep);
        var rounded = (needed + mebibyte - 1) / mebibyte * mebibyte;
        return new PartSizePolicy(Math.Clamp(rounded, MinimumPartSize, MaximumPartSize));
    }

    /// <summary>The size of part <paramref name="partNumber"/> (1-based).</summary>
    public long SizeOf(int partNumber)
    {
        if (partNumber is < 1 or > MaximumParts)
        {
            throw new ArgumentOutOfRangeException(nameof(partNumber), $"S3 allows parts 1 to {MaximumParts}");
        }

        var step = (partNumber - 1) / PartsPerStep;
        var size = InitialPartSize;
        for (var i = 0; i < step && size < MaximumPartSize; i++)
        {
            size *= 2;
        }

        return Math.Min(size, MaximumPartSize);
    }

    /// <summary>The largest object this policy can upload within 10,000 parts.</summary>
    public long Capacity()
    {
        long total = 0;
        for (var step = 0; step < MaximumParts / PartsPerStep; step++)
        {
            total += SizeOf(step * PartsPerStep + 1) * PartsPerStep;
        }

        return total;
    }
}
