namespace CoderBootstrap.DevServer.Visibility;

/// <param name="Position">Zero-based offset of the first character in the query text.</param>
internal sealed record VisibilityToken(VisibilityTokenKind Kind, string Text, int Position)
{
    public bool IsKeyword(string keyword) =>
        Kind == VisibilityTokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>One-based position just after the token, as SQL parsers report syntax errors.</summary>
    public int EndPosition => Kind == VisibilityTokenKind.End ? Position + 1 : Position + Math.Max(Text.Length, 1);
}
