namespace CoderBootstrap.DevServer.Visibility;

internal enum VisibilityTokenKind
{
    Identifier,
    QuotedIdentifier,
    String,
    Number,
    Operator,
    OpenParenthesis,
    CloseParenthesis,
    Comma,
    Minus,
    End,
}
