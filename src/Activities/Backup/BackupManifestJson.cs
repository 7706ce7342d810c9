using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Backup;

/// <summary>The JSON form of <see cref="BackupManifest"/> (snake_case, indented).</summary>
public static class BackupManifestJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static byte[] Serialize(BackupManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Options);

    /// <summary>Reads a manifest; throws <see cref="BackupIntegrityException"/> for one that is not a manifest this version can read.</summary>
    public static BackupManifest Deserialize(ReadOnlySpan<byte> json, string where)
    {
        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(json, Options);
        }
        catch (JsonException exception)
        {
            throw new BackupIntegrityException($"{where} is not a readable backup manifest ({exception.Message})");
        }

        if (manifest is null)
        {
            throw new BackupIntegrityException($"{where} is empty");
        }

        if (manifest.Format != BackupManifest.CurrentFormat)
        {
            throw new BackupIntegrityException($"{where} has format {manifest.Format}; this version reads format {BackupManifest.CurrentFormat}");
        }

        return manifest;
    }
}
