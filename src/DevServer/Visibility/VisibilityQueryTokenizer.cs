using System.Text;

namespace CoderBootstrap.DevServer.Visibility;

/// <summary>Splits a list filter into SQL-like tokens.</summary>
internal static class VisibilityQueryTokenizer
{
    public static IReadOnlyList<VisibilityToken> Tokenize(string query)
    {
        var tokens = new List<VisibilityToken>();
        var index = 0;
        while (index < query.Length)
        {
            var current = query[index];
            if (char.IsWhiteSpace(current))
            {
                index++;
                continue;
            }

            var start = index;
            switch (current)
            {
                case '(':
                    tokens.Add(new VisibilityToken(VisibilityTokenKind.OpenParenthesis, "(", start));
                    index++;
                    continue;
                case ')':
                    tokens.Add(new VisibilityToken(VisibilityTokenKind.CloseParenthesis, ")", start));
                    index++;
                    continue;
                case ',':
                    tokens.Add(new VisibilityToken(VisibilityTokenKind.Comma, ",", start));
                    index++;
                    continue;
                case '-':
                    tokens.Add(new VisibilityToken(VisibilityTokenKind.Minus, "-", start));
                    index++;
                    continue;
                case '\'':
                case '"':
                    tokens.Add(new VisibilityToken(VisibilityTokenKind.String, ReadQuoted(query, ref index, current), start));
                    continue;
                case '`':
                    tokens.Add(new VisibilityToken(VisibilityTokenKind.QuotedIdentifier, ReadQuoted(query, ref index, '`'), start));
                    continue;
                case '=':
                    tokens.Add(new VisibilityToken(VisibilityTokenKind.Operator, "=", start));
                    index++;
                    continue;
                case '!':
                    if (index + 1 < query.Length && query[index + 1] == '=')
                    {
                        tokens.Add(new VisibilityToken(VisibilityTokenKind.Operator, "!=", start));
                        index += 2;
                        continue;
                    }

                    throw SyntaxError(start, "!");
                case '<':
                case '>':
                    tokens.Add(ReadAngleOperator(query, ref index));
                    continue;
            }

            if (char.IsDigit(current) || (current == '.' && index + 1 < query.Length && char.IsDigit(query[index + 1])))
            {
                tokens.Add(new VisibilityToken(VisibilityTokenKind.Number, ReadNumber(query, ref index), start));
                continue;
            }

            if (char.IsLetter(current) || current == '_')
            {
                while (index < query.Length && (char.IsLetterOrDigit(query[index]) || query[index] is '_' or '.'))
                {
                    index++;
                }

                tokens.Add(new VisibilityToken(VisibilityTokenKind.Identifier, query[start..index], start));
                continue;
            }

            throw SyntaxError(start, current.ToString());
        }

        tokens.Add(new VisibilityToken(VisibilityTokenKind.End, string.Empty, query.Length));
        return tokens;
    }

    private static VisibilityToken ReadAngleOperator(string query, ref int index)
    {
        var start = index;
        var first = query[index];
        var next = index + 1 < query.Length ? query[index + 1] : '\0';
        string text;
        if (next == '=')
        {
            text = first + "=";
        }
        else if (first == '<' && next == '>')
        {
            text = "!=";
        }
        else
        {
            text = first.ToString();
        }

        index += text.Length == 1 ? 1 : 2;
        return new VisibilityToken(VisibilityTokenKind.Operator, text, start);
    }

    private static string ReadNumber(string query, ref int index)
    {
        var start = index;
        while (index < query.Length && char.IsDigit(query[index]))
        {
            index++;
        }

        if (index < query.Length && query[index] == '.')
        {
            index++;
            while (index < query.Length && char.IsDigit(query[index]))
            {
                index++;
            }
        }

        if (index < query.Length && query[index] is 'e' or 'E')
        {
            var exponentStart = index;
            index++;
            if (index < query.Length && query[index] is '+' or '-')
            {
                index++;
            }

            if (index >= query.Length || !char.IsDigit(query[index]))
            {
                throw SyntaxError(exponentStart, query[start..index]);
            }

            while (index < query.Length && char.IsDigit(query[index]))
            {
                index++;
            }
        }

        if (index < query.Length && (char.IsLetter(query[index]) || query[index] == '_'))
        {
            throw SyntaxError(start, query[start..(index + 1)]);
        }

        return query[start..index];
    }

    // Quotes are escaped by doubling them ('it''s') or with a backslash ('it\'s'), as MySQL accepts.
    private static string ReadQuoted(string query, ref int index, char quote)
    {
        var start = index;
        index++;
        var text = new StringBuilder();
        while (index < query.Length)
        {
            var current = query[index];
            if (current == '\\' && quote != '`' && index + 1 < query.Length)
            {
                text.Append(Unescape(query[index + 1]));
                index += 2;
                continue;
            }

            if (current == quote)
            {
                if (index + 1 < query.Length && query[index + 1] == quote)
                {
                    text.Append(quote);
                    index += 2;
                    continue;
                }

                index++;
                return text.ToString();
            }

            text.Append(current);
            index++;
        }

        throw VisibilityQueryException.Malformed(
            $"syntax error at position {query.Length + 1} near '{query[start..]}' (unterminated quoted text)");
    }

    private static char Unescape(char escaped) => escaped switch
    {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        '0' => '\0',
        _ => escaped,
    };

    private static VisibilityQueryException SyntaxError(int position, string near) =>
        VisibilityQueryException.Malformed($"syntax error at position {position + 1} near '{near}'");
}
