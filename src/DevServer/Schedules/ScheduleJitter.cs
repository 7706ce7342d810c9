using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CoderBootstrap.DevServer.Schedules;

/// <summary>
/// Deterministic jitter: a hash of the seed and the nominal time picks a fraction of the maximum, so
/// recomputing a schedule (after a restart, or for Describe) gives the same action times.
/// </summary>
internal static class ScheduleJitter
{
    public static TimeSpan For(string seed, DateTime nominalUtc, TimeSpan maximum)
    {
        if (maximum <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var seedBytes = Encoding.UTF8.GetBytes(seed);
        var input = new byte[seedBytes.Length + sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(input, nominalUtc.Ticks);
        seedBytes.CopyTo(input, sizeof(long));
        var fingerprint = (ulong)BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(input));

        // Millisecond resolution keeps fingerprint * range within 64 bits for ranges up to ~49 days.
        var rangeMilliseconds = (ulong)Math.Min((long)maximum.TotalMilliseconds, uint.MaxValue);
        var jitterMilliseconds = (fingerprint * rangeMilliseconds) >> 32;
        return TimeSpan.FromMilliseconds(jitterMilliseconds);
    }
}
