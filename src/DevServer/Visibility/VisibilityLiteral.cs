using System.Globalization;

namespace CoderBootstrap.DevServer.Visibility;

/// <summary>A value as written in the query, before it is typed by the search attribute it is compared with.</summary>
internal sealed record VisibilityLiteral(VisibilityLiteralKind Kind, string Text, long Integer, double Number, bool Boolean)
{
    public static VisibilityLiteral FromString(string text) => new(VisibilityLiteralKind.String, text, 0, 0, false);

    public static VisibilityLiteral FromBoolean(bool value) => new(VisibilityLiteralKind.Boolean, value ? "true" : "false", 0, 0, value);

    public static VisibilityLiteral FromNumber(string text, bool negative)
    {
        var signed = negative ? "-" + text : text;
        if (long.TryParse(signed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new VisibilityLiteral(VisibilityLiteralKind.Integer, signed, integer, integer, false);
        }

        var number = double.Parse(signed, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new VisibilityLiteral(VisibilityLiteralKind.Double, signed, 0, number, false);
    }

    /// <summary>The literal as Go formats it with %#v in the server's type errors.</summary>
    public string Describe() => Kind switch
    {
        VisibilityLiteralKind.String => $"\"{Text}\" (type: string)",
        VisibilityLiteralKind.Integer => $"{Text} (type: int64)",
        VisibilityLiteralKind.Double => $"{Text} (type: float64)",
        _ => $"{Text} (type: bool)",
    };
}
