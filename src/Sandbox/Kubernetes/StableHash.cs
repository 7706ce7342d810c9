using System.Text;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>Short stable identifiers derived from text, in the alphabet Kubernetes uses for generated names.</summary>
internal static class StableHash
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    /// <summary>Like the <c>pod-template-hash</c> label: up to 10 characters of the safe alphabet.</summary>
    public static string Encode(string text)
    {
        var value = Fnv1a(text);
        var result = new StringBuilder();
        do
        {
            result.Append(Alphabet[(int)(value % (uint)Alphabet.Length)]);
            value /= (uint)Alphabet.Length;
        }
        while (value > 0 && result.Length < 10);
        return result.ToString();
    }

    /// <summary>An address inside <paramref name="prefix"/> (two leading octets) chosen by the hash of <paramref name="seed"/>.</summary>
    public static string Address(string prefix, string seed)
    {
        var value = Fnv1a(seed);
        return $"{prefix}.{(value >> 8) % 250}.{(value % 250) + 2}";
    }
}
