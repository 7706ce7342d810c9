using System.Text;
using Google.Protobuf;

namespace CoderBootstrap.DevServer.Engine;

public enum TaskTokenKind : byte
{
    WorkflowTask = 1,
    ActivityTask = 2,
    QueryTask = 3,
}

/// <summary>
/// Opaque token handed to workers. Identifies the run, the scheduled event and the attempt so a
/// completion for a task that was retried, timed out or belongs to a closed run is refused.
/// </summary>
public sealed record TaskToken(
    TaskTokenKind Kind, string Namespace, string WorkflowId, string RunId, long ScheduledEventId, int Attempt, string QueryId)
{
    private const byte Version = 1;

    public ByteString Encode()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write((byte)Kind);
            writer.Write(Namespace);
            writer.Write(WorkflowId);
            writer.Write(RunId);
            writer.Write(ScheduledEventId);
            writer.Write(Attempt);
            writer.Write(QueryId);
        }
        return ByteString.CopyFrom(stream.ToArray());
    }

    /// <summary>Decodes a token; null when it is not one of ours (the caller answers NotFound/InvalidArgument).</summary>
    public static TaskToken? TryDecode(ByteString? token)
    {
        if (token is null || token.Length < 2)
        {
            return null;
        }
        try
        {
            using var reader = new BinaryReader(new MemoryStream(token.ToByteArray()), Encoding.UTF8);
            if (reader.ReadByte() != Version)
            {
                return null;
            }
            var kind = (TaskTokenKind)reader.ReadByte();
            var result = new TaskToken(kind, reader.ReadString(), reader.ReadString(), reader.ReadString(),
                reader.ReadInt64(), reader.ReadInt32(), reader.ReadString());
            return reader.BaseStream.Position == reader.BaseStream.Length ? result : null;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or DecoderFallbackException)
        {
            return null;
        }
    }
}
