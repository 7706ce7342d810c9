using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CoderBootstrap.DevServer.Http;

/// <summary>Protobuf JSON as Temporal's HTTP API writes it: camelCase names, enums by name, int64 as strings.</summary>
public static class ProtobufJson
{
    /// <summary>Every message of the Temporalio package, so that <c>Any</c> values (error details) can be written.</summary>
    public static TypeRegistry Registry { get; } = TypeRegistry.FromFiles(TemporalFiles().ToArray());

    public static JsonFormatter Formatter { get; } = new(JsonFormatter.Settings.Default.WithTypeRegistry(Registry));

    private static IEnumerable<FileDescriptor> TemporalFiles() =>
        typeof(Temporalio.Api.WorkflowService.V1.ServiceReflection).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!);
}
