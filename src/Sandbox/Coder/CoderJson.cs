using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoderBootstrap.Sandbox.Coder;

internal static class CoderJson
{
    /// <summary>Coder's wire format: snake_case fields, optional (Go <c>omitempty</c>) fields left out when null.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
