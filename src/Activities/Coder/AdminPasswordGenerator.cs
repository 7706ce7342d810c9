using System.Security.Cryptography;

namespace CoderBootstrap.Activities.Coder;

/// <summary>A random password for the first Coder admin: 32 characters mixing every character class.</summary>
internal static class AdminPasswordGenerator
{
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "!#%+-.:=?@^_~";
    private const int Length = 32;

    public static string Generate()
    {
        var all = Lower + Upper + Digits + Symbols;
        var characters = new char[Length];
        characters[0] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        characters[1] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        characters[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        characters[3] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        for (var index = 4; index < Length; index++)
        {
            characters[index] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(characters.AsSpan());
        return new string(characters);
    }
}
