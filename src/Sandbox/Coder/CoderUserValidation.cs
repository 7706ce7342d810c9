using System.Net.Mail;
using System.Text.RegularExpressions;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>
/// Coder's rules for a new user: an email address, a username of 1-32 letters/digits separated by
/// single hyphens (not <c>new</c> or <c>create</c>), and a password of enough entropy (the
/// go-password-validator measure Coder uses, 52 bits) and at most 64 characters.
/// </summary>
internal static partial class CoderUserValidation
{
    private const double MinimumPasswordEntropyBits = 52;
    private const int MaximumPasswordLength = 64;

    public static IReadOnlyList<CoderValidationError> ValidateFields(string? email, string? username, string? password)
    {
        var errors = new List<CoderValidationError>();
        if (string.IsNullOrEmpty(email))
        {
            errors.Add(new("email", "Validation failed for tag \"required\" with value: \"\""));
        }
        else if (!IsEmail(email))
        {
            errors.Add(new("email", $"Validation failed for tag \"email\" with value: \"{email}\""));
        }

        if (string.IsNullOrEmpty(username))
        {
            errors.Add(new("username", "Validation failed for tag \"required\" with value: \"\""));
        }
        else if (!IsValidUsername(username))
        {
            errors.Add(new("username", $"Validation failed for tag \"username\" with value: \"{username}\""));
        }

        if (string.IsNullOrEmpty(password))
        {
            errors.Add(new("password", "Validation failed for tag \"required\" with value: \"\""));
        }

        return errors;
    }

    public static bool IsValidUsername(string name) =>
        name.Length <= 32 && UsernamePattern().IsMatch(name) && name is not ("new" or "create");

    public static bool IsValidTemplateVersionName(string name) => name.Length <= 64 && TemplateVersionNamePattern().IsMatch(name);

    /// <summary>Null when the password is acceptable, else why not (Coder's wording).</summary>
    public static string? FindPasswordProblem(string password)
    {
        if (PasswordEntropyBits(password) < MinimumPasswordEntropyBits)
        {
            return "insecure password, try including more special characters, using uppercase letters, using numbers or using a longer password";
        }

        return password.Length > MaximumPasswordLength
            ? $"password must be no more than {MaximumPasswordLength} characters"
            : null;
    }

    /// <summary>
    /// log2(alphabet size) × effective length, where the alphabet grows with each character class
    /// used and the effective length ignores runs of more than two identical or keyboard/alphabet-sequential characters.
    /// </summary>
    public static double PasswordEntropyBits(string password)
    {
        const string replaceCharacters = "!@$&*";
        const string separatorCharacters = "_-., ";
        const string otherSpecialCharacters = "\"#%'()+/:;<=>?[\\]^{|}~";
        var alphabet = 0;
        if (password.Any(replaceCharacters.Contains))
        {
            alphabet += replaceCharacters.Length;
        }

        if (password.Any(separatorCharacters.Contains))
        {
            alphabet += separatorCharacters.Length;
        }

        if (password.Any(otherSpecialCharacters.Contains))
        {
            alphabet += otherSpecialCharacters.Length;
        }

        if (password.Any(char.IsAsciiLetterLower))
        {
            alphabet += 26;
        }

        if (password.Any(char.IsAsciiLetterUpper))
        {
            alphabet += 26;
        }

        if (password.Any(char.IsAsciiDigit))
        {
            alphabet += 10;
        }

        alphabet += password
            .Where(c => !char.IsAsciiLetterOrDigit(c) && !(replaceCharacters + separatorCharacters + otherSpecialCharacters).Contains(c))
            .Distinct()
            .Count();

        var length = EffectiveLength(password);
        return alphabet <= 1 || length == 0 ? 0 : length * Math.Log2(alphabet);
    }

    private static int EffectiveLength(string password)
    {
        string[] sequences = ["0123456789", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz"];
        var length = 0;
        var runLength = 0;
        for (var i = 0; i < password.Length; i++)
        {
            var continuesRun = i > 0 && (password[i] == password[i - 1] || IsSequential(sequences, password[i - 1], password[i]));
            runLength = continuesRun ? runLength + 1 : 1;
            if (runLength <= 2)
            {
                length++;
            }
        }

        return length;
    }

    private static bool IsSequential(string[] sequences, char previous, char current)
    {
        var lowerPrevious = char.ToLowerInvariant(previous);
        var lowerCurrent = char.ToLowerInvariant(current);
        return sequences.Any(sequence =>
        {
            var index = sequence.IndexOf(lowerPrevious);
            return index >= 0 && index + 1 < sequence.Length && sequence[index + 1] == lowerCurrent;
        });
    }

    private static bool IsEmail(string email)
    {
        try
        {
            var address = new MailAddress(email);
            return address.Address == email && email.Contains('@') && !email.EndsWith('@');
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex("^[a-zA-Z0-9]+(?:[_.-][a-zA-Z0-9]+)*$")]
    private static partial Regex TemplateVersionNamePattern();
}
