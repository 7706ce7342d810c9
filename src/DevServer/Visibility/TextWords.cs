namespace CoderBootstrap.DevServer.Visibility;

/// <summary>Word matching for Text search attributes, in the spirit of a full-text analyzer.</summary>
internal static class TextWords
{
    public static bool ShareAny(string stored, string query)
    {
        var storedWords = Split(stored).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Split(query).Any(storedWords.Contains);
    }

    private static IEnumerable<string> Split(string text)
    {
        var start = -1;
        for (var index = 0; index <= text.Length; index++)
        {
            var isWordCharacter = index < text.Length && char.IsLetterOrDigit(text[index]);
            if (isWordCharacter && start < 0)
            {
                start = index;
            }
            else if (!isWordCharacter && start >= 0)
            {
                yield return text[start..index];
                start = -1;
            }
        }
    }
}
