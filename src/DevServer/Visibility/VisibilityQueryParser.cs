using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Visibility;

/// <summary>
/// Parses Temporal list filters (the SQL-like <c>query</c> of ListWorkflowExecutions and
/// CountWorkflowExecutions).
/// </summary>
/// <remarks>
/// Grammar, keywords case-insensitive, attribute names case-sensitive:
/// <code>
/// query      := [condition] [ORDER BY key (, key)*]
/// condition  := and (OR and)*
/// and        := not (AND not)*
/// not        := NOT not | ( condition ) | predicate
/// predicate  := name op value | name [NOT] BETWEEN value AND value | name [NOT] IN ( value, ... )
///             | name [NOT] STARTS_WITH value | name IS [NOT] NULL
/// op         := = | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=
/// name       := identifier | `backquoted`
/// value      := 'text' | "text" | [-]number | TRUE | FALSE
/// key        := name [ASC | DESC]
/// </code>
/// </remarks>
public static class VisibilityQueryParser
{
    /// <summary>
    /// Parses a filter. Null or blank matches every record. Names other than the system attributes
    /// are custom search attributes whose type is taken from each record's payload.
    /// </summary>
    /// <exception cref="VisibilityQueryException">The query is malformed or uses an unsupported construct.</exception>
    public static VisibilityQuery Parse(string? query) => Parse(query, registeredSearchAttributes: null);

    /// <summary>
    /// Parses a filter, checking custom attribute names and values against the registered attributes
    /// (as a server with <c>--search-attribute</c> does): unknown names are rejected.
    /// </summary>
    /// <exception cref="VisibilityQueryException">The query is malformed, uses an unsupported construct or an unknown attribute.</exception>
    public static VisibilityQuery Parse(string? query, IReadOnlyDictionary<string, IndexedValueType>? registeredSearchAttributes)
    {
        var text = query ?? string.Empty;
        var parser = new Parser(text, VisibilityQueryTokenizer.Tokenize(text), registeredSearchAttributes);
        return parser.ParseQuery();
    }

    private sealed class Parser(string text, IReadOnlyList<VisibilityToken> tokens, IReadOnlyDictionary<string, IndexedValueType>? registry)
    {
        // Nesting bound so a hostile query cannot exhaust the stack of the server thread parsing it.
        private const int MaximumNesting = 256;

        private int position;
        private int nesting;

        private VisibilityToken Current => tokens[position];

        public VisibilityQuery ParseQuery()
        {
            VisibilityFilter filter = MatchAllFilter.Instance;
            if (Current.Kind != VisibilityTokenKind.End && !Current.IsKeyword("ORDER") && !Current.IsKeyword("GROUP") && !Current.IsKeyword("LIMIT"))
            {
                filter = ParseOr();
            }

            if (Current.IsKeyword("GROUP"))
            {
                throw VisibilityQueryException.Unsupported("'GROUP BY' clause");
            }

            var ordering = new List<(VisibilityField Field, bool Descending)>();
            var hasExplicitOrder = false;
            if (Current.IsKeyword("ORDER"))
            {
                Advance();
                Expect("BY");
                hasExplicitOrder = true;
                do
                {
                    ordering.Add(ParseOrderKey());
                }
                while (TryConsume(VisibilityTokenKind.Comma));
            }

            if (Current.IsKeyword("LIMIT"))
            {
                throw VisibilityQueryException.Unsupported("'LIMIT' clause");
            }

            if (Current.Kind != VisibilityTokenKind.End)
            {
                throw SyntaxError();
            }

            if (!hasExplicitOrder)
            {
                ordering.AddRange(VisibilityQuery.DefaultOrder.Select(key => (VisibilityField.Resolve(key.Field, registry), key.Descending)));
            }

            return new VisibilityQuery(filter, ordering, hasExplicitOrder);
        }

        private (VisibilityField Field, bool Descending) ParseOrderKey()
        {
            var field = ParseField();
            if (field.DeclaredType == IndexedValueType.Text)
            {
                throw VisibilityQueryException.Unsupported($"unable to sort by search attribute type {IndexedValueType.Text}");
            }

            var descending = false;
            if (Current.IsKeyword("DESC"))
            {
                descending = true;
                Advance();
            }
            else if (Current.IsKeyword("ASC"))
            {
                Advance();
            }

            return (field, descending);
        }

        private VisibilityFilter ParseOr()
        {
            var operands = new List<VisibilityFilter> { ParseAnd() };
            while (Current.IsKeyword("OR"))
            {
                Advance();
                operands.Add(ParseAnd());
            }

            return operands.Count == 1 ? operands[0] : new OrFilter(operands);
        }

        private VisibilityFilter ParseAnd()
        {
            var operands = new List<VisibilityFilter> { ParseNot() };
            while (Current.IsKeyword("AND"))
            {
                Advance();
                operands.Add(ParseNot());
            }

            return operands.Count == 1 ? operands[0] : new AndFilter(operands);
        }

        private VisibilityFilter ParseNot()
        {
            if (++nesting > MaximumNesting)
            {
                throw VisibilityQueryException.Malformed($"syntax error at position {Current.EndPosition} near '{Current.Text}' (nesting deeper than {MaximumNesting})");
            }

            try
            {
                if (Current.IsKeyword("NOT"))
                {
                    Advance();
                    return new NotFilter(ParseNot());
                }

                if (TryConsume(VisibilityTokenKind.OpenParenthesis))
                {
                    var inner = ParseOr();
                    ExpectKind(VisibilityTokenKind.CloseParenthesis);
                    return inner;
                }

                return ParsePredicate();
            }
            finally
            {
                nesting--;
            }
        }

        private VisibilityFilter ParsePredicate()
        {
            var nameToken = Current;
            if (nameToken.Kind is VisibilityTokenKind.String or VisibilityTokenKind.Number or VisibilityTokenKind.Minus)
            {
                throw VisibilityQueryException.Invalid($"must be a column name but was {Describe(nameToken)}");
            }

            var field = ParseField();
            if (Current.Kind == VisibilityTokenKind.Operator)
            {
                var op = Current.Text;
                Advance();
                return new ComparisonFilter(field, op, ParseValue());
            }

            if (Current.IsKeyword("IS"))
            {
                Advance();
                var negated = TryConsumeKeyword("NOT");
                if (!Current.IsKeyword("NULL"))
                {
                    throw VisibilityQueryException.Invalid("'IS' operator can only be used as 'IS NULL' or 'IS NOT NULL'");
                }

                Advance();
                return new NullCheckFilter(field, expectNull: !negated);
            }

            var not = TryConsumeKeyword("NOT");
            if (TryConsumeKeyword("BETWEEN"))
            {
                var low = ParseValue();
                Expect("AND");
                var high = ParseValue();
                return new RangeFilter(field, low, high, not);
            }

            if (TryConsumeKeyword("IN"))
            {
                ExpectKind(VisibilityTokenKind.OpenParenthesis);
                var values = new List<VisibilityLiteral>();
                do
                {
                    values.Add(ParseValue());
                }
                while (TryConsume(VisibilityTokenKind.Comma));
                ExpectKind(VisibilityTokenKind.CloseParenthesis);
                return new InListFilter(field, values, not);
            }

            if (TryConsumeKeyword("STARTS_WITH"))
            {
                return new StartsWithFilter(field, ParseValue(), not);
            }

            if (Current.Kind is VisibilityTokenKind.End or VisibilityTokenKind.CloseParenthesis || Current.IsKeyword("AND") || Current.IsKeyword("OR"))
            {
                if (!not)
                {
                    throw VisibilityQueryException.Invalid("incomplete expression");
                }
            }

            throw SyntaxError();
        }

        private VisibilityField ParseField()
        {
            var token = Current;
            if (token.Kind == VisibilityTokenKind.QuotedIdentifier)
            {
                Advance();
                return VisibilityField.Resolve(token.Text, registry);
            }

            if (token.Kind == VisibilityTokenKind.Identifier && !IsReservedWord(token.Text))
            {
                Advance();
                return VisibilityField.Resolve(token.Text, registry);
            }

            throw SyntaxError();
        }

        private VisibilityLiteral ParseValue()
        {
            var token = Current;
            switch (token.Kind)
            {
                case VisibilityTokenKind.String:
                    Advance();
                    return VisibilityLiteral.FromString(token.Text);
                case VisibilityTokenKind.Number:
                    Advance();
                    return VisibilityLiteral.FromNumber(token.Text, negative: false);
                case VisibilityTokenKind.Minus:
                    Advance();
                    if (Current.Kind != VisibilityTokenKind.Number)
                    {
                        throw VisibilityQueryException.Invalid($"unary operator not supported in \"-{Current.Text}\"");
                    }

                    var number = Current.Text;
                    Advance();
                    return VisibilityLiteral.FromNumber(number, negative: true);
                case VisibilityTokenKind.Identifier when token.IsKeyword("TRUE") || token.IsKeyword("FALSE"):
                    Advance();
                    return VisibilityLiteral.FromBoolean(token.IsKeyword("TRUE"));
                case VisibilityTokenKind.Identifier when !IsReservedWord(token.Text):
                case VisibilityTokenKind.QuotedIdentifier:
                    throw VisibilityQueryException.Unsupported(
                        $"column name on the right side of comparison expression (did you forget to quote \"{token.Text}\"?)");
                default:
                    throw SyntaxError();
            }
        }

        private static bool IsReservedWord(string word) => word.ToUpperInvariant() is
            "AND" or "OR" or "NOT" or "IN" or "BETWEEN" or "IS" or "NULL" or "STARTS_WITH" or "ORDER" or "BY"
            or "ASC" or "DESC" or "TRUE" or "FALSE" or "LIMIT" or "GROUP";

        private static string Describe(VisibilityToken token) => token.Kind switch
        {
            VisibilityTokenKind.String or VisibilityTokenKind.Number or VisibilityTokenKind.Minus => "*sqlparser.SQLVal",
            _ => token.Text,
        };

        private void Advance() => position = Math.Min(position + 1, tokens.Count - 1);

        private bool TryConsume(VisibilityTokenKind kind)
        {
            if (Current.Kind != kind)
            {
                return false;
            }

            Advance();
            return true;
        }

        private bool TryConsumeKeyword(string keyword)
        {
            if (!Current.IsKeyword(keyword))
            {
                return false;
            }

            Advance();
            return true;
        }

        private void Expect(string keyword)
        {
            if (!TryConsumeKeyword(keyword))
            {
                throw SyntaxError();
            }
        }

        private void ExpectKind(VisibilityTokenKind kind)
        {
            if (!TryConsume(kind))
            {
                throw SyntaxError();
            }
        }

        private VisibilityQueryException SyntaxError()
        {
            var token = Current;
            if (token.Kind == VisibilityTokenKind.End)
            {
                return VisibilityQueryException.Malformed($"syntax error at position {text.Length + 1}");
            }

            return VisibilityQueryException.Malformed($"syntax error at position {token.EndPosition} near '{token.Text}'");
        }
    }
}
