using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CoderBootstrap.DevServer.Http;

/// <summary>
/// Builds the request message of an RPC from an HTTP request the way grpc-gateway does: the body
/// as protobuf JSON, then path variables and query parameters set by (nested) field names, proto
/// or JSON spelling (<c>execution.run_id</c> or <c>execution.runId</c>).
/// </summary>
public static class HttpRequestBinder
{
    private static readonly JsonParser BodyParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithTypeRegistry(ProtobufJson.Registry));

    /// <exception cref="HttpBindingException">The body, a path value or a query parameter does not fit the request message.</exception>
    public static IMessage Bind(
        HttpRoute route,
        string? body,
        IEnumerable<KeyValuePair<string, string>> pathValues,
        IEnumerable<KeyValuePair<string, string>> queryValues)
    {
        var descriptor = route.Method.InputType;
        IMessage request;
        if (route.Body == "*" && !string.IsNullOrWhiteSpace(body))
        {
            try
            {
                request = BodyParser.Parse(body, descriptor);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException)
            {
                throw new HttpBindingException($"request body is not a valid {descriptor.Name} in protobuf JSON: {e.Message}");
            }
        }
        else
        {
            request = descriptor.Parser.ParseFrom(ByteString.Empty);
        }
        foreach (var (name, value) in pathValues)
        {
            SetField(request, name, value, ignoreUnknown: false);
        }
        if (route.Body != "*")
        {
            foreach (var (name, value) in queryValues)
            {
                SetField(request, name, value, ignoreUnknown: true);
            }
        }
        return request;
    }

    /// <summary>Sets the scalar at a dotted field path; repeated fields get the value appended.</summary>
    internal static void SetField(IMessage message, string path, string value, bool ignoreUnknown)
    {
        var names = path.Split('.');
        var target = message;
        for (var i = 0; i < names.Length; i++)
        {
            var field = FindField(target.Descriptor, names[i]);
            if (field is null)
            {
                if (ignoreUnknown)
                {
                    return;
                }
                throw new HttpBindingException($"{target.Descriptor.Name} has no field '{names[i]}' (from '{path}')");
            }
            var last = i == names.Length - 1;
            if (!last)
            {
                if (field.FieldType != FieldType.Message || field.IsRepeated || field.IsMap)
                {
                    throw new HttpBindingException($"'{path}': {field.Name} is not a message field that can hold '{names[i + 1]}'");
                }
                var child = (IMessage?)field.Accessor.GetValue(target);
                if (child is null)
                {
                    child = field.MessageType.Parser.ParseFrom(ByteString.Empty);
                    field.Accessor.SetValue(target, child);
                }
                target = child;
                continue;
            }
            if (field.IsMap)
            {
                throw new HttpBindingException($"'{path}': map fields cannot be set from a URL");
            }
            var converted = Convert(field, value, path);
            if (field.IsRepeated)
            {
                ((System.Collections.IList)field.Accessor.GetValue(target)).Add(converted);
            }
            else
            {
                field.Accessor.SetValue(target, converted);
            }
        }
    }

    private static FieldDescriptor? FindField(MessageDescriptor descriptor, string name) =>
        descriptor.FindFieldByName(name) ?? descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name);

    private static object Convert(FieldDescriptor field, string value, string path)
    {
        try
        {
            return field.FieldType switch
            {
                FieldType.String => value,
                FieldType.Bool => value switch
                {
                    "true" or "1" => true,
                    "false" or "0" => false,
                    _ => throw new FormatException("expected true or false"),
                },
                FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                FieldType.UInt32 or FieldType.Fixed32 => uint.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture),
                FieldType.UInt64 or FieldType.Fixed64 => ulong.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture),
                FieldType.Float => float.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
                FieldType.Double => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
                FieldType.Bytes => ByteString.FromBase64(ToStandardBase64(value)),
                FieldType.Enum => EnumValue(field.EnumType, value),
                // Well-known types (Timestamp, Duration, wrappers) take their JSON string form.
                FieldType.Message => BodyParser.Parse(JsonQuote(value), field.MessageType),
                _ => throw new FormatException($"fields of type {field.FieldType} cannot be set from a URL"),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidProtocolBufferException or InvalidJsonException)
        {
            throw new HttpBindingException($"invalid value '{value}' for '{path}': {e.Message}");
        }
    }

    private static object EnumValue(EnumDescriptor type, string value)
    {
        var byName = type.FindValueByName(value);
        if (byName is not null)
        {
            return System.Enum.ToObject(type.ClrType, byName.Number);
        }
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && type.FindValueByNumber(number) is not null)
        {
            return System.Enum.ToObject(type.ClrType, number);
        }
        throw new FormatException($"not a value of {type.Name} ({string.Join(", ", type.Values.Select(v => v.Name))})");
    }

    private static string ToStandardBase64(string value)
    {
        var standard = value.Replace('-', '+').Replace('_', '/');
        return standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
    }

    private static string JsonQuote(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}

/// <summary>The HTTP request does not fit the RPC's request message: a 400 with this message.</summary>
public sealed class HttpBindingException(string message) : Exception(message);
