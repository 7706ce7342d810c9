using System.Globalization;
using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>Value formatting shared by the emulated Scaleway APIs.</summary>
public static class ScalewayFormat
{
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static JsonNode? Timestamp(DateTimeOffset? value) => value is { } time ? Timestamp(time) : null;

    /// <summary>Commercial type names as the API echoes them: <c>DEV1-M</c> becomes <c>dev1_m</c>.</summary>
    public static string NodeType(string value) => value.Trim().ToLowerInvariant().Replace('-', '_');

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(value => (JsonNode?)JsonValue.Create(value)).ToArray());

    public static string NewId() => Guid.NewGuid().ToString();

    /// <summary>A stable id derived from another (for sub-objects the API shows but the sandbox does not store).</summary>
    public static string DerivedId(string seed) =>
        new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(seed))).ToString();

    /// <summary>A non-negative number that is the same for the same seed in every process.</summary>
    public static int StableNumber(string seed) =>
        (int)(BitConverter.ToUInt32(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(seed))) & int.MaxValue);

    public static bool IsUuid(string value) => Guid.TryParseExact(value, "D", out _);
}
