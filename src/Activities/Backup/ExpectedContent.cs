namespace CoderBootstrap.Activities.Backup;

/// <summary>The size and SHA-256 (lower-case hex) that an object's bytes must have.</summary>
public sealed record ExpectedContent(long Size, string Sha256)
{
    /// <summary>Throws <see cref="BackupIntegrityException"/> naming <paramref name="what"/> when the bytes read differ.</summary>
    public void Check(string what, long size, string sha256)
    {
        if (size != Size)
        {
            throw new BackupIntegrityException($"{what} is {size} bytes, the manifest recorded {Size}");
        }

        if (!string.Equals(sha256, Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new BackupIntegrityException($"{what} has SHA-256 {sha256}, the manifest recorded {Sha256}");
        }
    }
}
