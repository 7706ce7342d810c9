using System.Security.Cryptography;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>Random <c>adjective_scientist</c> names, as Coder gives template versions created without a name.</summary>
internal static class CoderNames
{
    private static readonly string[] Adjectives = ["admiring", "brave", "clever", "eager", "focused", "gallant", "happy", "jolly", "keen", "nifty", "quirky", "serene", "vibrant", "zealous"];
    private static readonly string[] Scientists = ["babbage", "curie", "dijkstra", "euler", "hopper", "kepler", "lovelace", "noether", "pascal", "ritchie", "shannon", "turing", "wozniak"];

    public static string RandomVersionName() =>
        $"{Adjectives[RandomNumberGenerator.GetInt32(Adjectives.Length)]}_{Scientists[RandomNumberGenerator.GetInt32(Scientists.Length)]}{RandomNumberGenerator.GetInt32(10)}";
}
