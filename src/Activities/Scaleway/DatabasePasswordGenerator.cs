using System.Security.Cryptography;

namespace CoderBootstrap.Activities.Scaleway;

/// <summary>
/// Random database passwords meeting Scaleway's rule (8-128 characters with a digit, an upper-case
/// and a lower-case letter and a special character). Specials are limited to URL-unreserved
/// characters so the password can sit in a connection URL without escaping.
/// </summary>
public static class DatabasePasswordGenerator
{
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Specials = "-_.~";

    public static string Generate(int length = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 128);
        const string all = Lower + Upper + Digits + Specials;
        var characters = new char[length];
        characters[0] = Pick(Lower);
        characters[1] = Pick(Upper);
        characters[2] = Pick(Digits);
        characters[3] = Pick(Specials);
        for (var i = 4; i < length; i++)
        {
            characters[i] = Pick(all);
        }
        RandomNumberGenerator.Shuffle(characters.AsSpan());
        return new string(characters);
    }

    private static char Pick(string alphabet) => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
}
