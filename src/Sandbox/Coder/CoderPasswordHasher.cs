using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>PBKDF2-SHA256 password hashes in the <c>$pbkdf2-sha256$iterations$salt$hash</c> format Coder stores.</summary>
internal static class CoderPasswordHasher
{
    private const int Iterations = 65535;
    private const int SaltLength = 16;
    private const int HashLength = 64;
    private const string Prefix = "$pbkdf2-sha256$";

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashLength);
        return $"{Prefix}{Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string hashed)
    {
        var parts = hashed.Split('$');
        if (parts.Length != 5 || parts[1] != "pbkdf2-sha256" || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[3]);
        var expected = Convert.FromBase64String(parts[4]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
