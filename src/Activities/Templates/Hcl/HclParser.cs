using System.Text.RegularExpressions;

namespace CoderBootstrap.Activities.Templates.Hcl;

/// <summary>
/// Structural HCL reader for the template validator and the content tests: splits a file into blocks and attributes and
/// checks that brackets, quoted strings, template interpolations and heredocs are all closed.
/// Expressions are not evaluated; they are kept as source text.
/// </summary>
public sealed partial class HclParser
{
    private readonly string _text;
    private readonly List<int> _lineStarts = [0];
    private int _position;

    private HclParser(string text)
    {
        _text = text;
        for (var index = 0; index < text.Length; index++)
        {
            if (text[index] == '\n')
            {
                _lineStarts.Add(index + 1);
            }
        }
    }

    public static HclBody Parse(string text) => new HclParser(text).ParseBody(openedOnLine: null);

    private bool AtEnd => _position >= _text.Length;

    private char Current => _text[_position];

    private int Line => LineOf(_position);

    private char Peek(int offset) =>
        _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private int LineOf(int position)
    {
        var index = _lineStarts.BinarySearch(position);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    private HclSyntaxException Error(string message) => new(message, Line);

    private HclBody ParseBody(int? openedOnLine)
    {
        var blocks = new List<HclBlock>();
        var attributes = new List<HclAttribute>();
        while (true)
        {
            SkipTrivia(acrossLines: true);
            if (AtEnd)
            {
                if (openedOnLine is int line)
                {
                    throw Error($"the block opened on line {line} is never closed");
                }

                return new HclBody(blocks, attributes);
            }

            if (Current == '}')
            {
                if (openedOnLine is null)
                {
                    throw Error("'}' closes no block");
                }

                _position++;
                return new HclBody(blocks, attributes);
            }

            var startLine = Line;
            var name = ReadIdentifier() ?? throw Error($"expected an attribute or a block, found '{Describe(Current)}'");
            SkipTrivia(acrossLines: false);
            if (!AtEnd && Current == '=' && Peek(1) != '=')
            {
                _position++;
                var expressionStart = _position;
                ScanExpression(isInterpolation: false, openedOnLine: startLine);
                attributes.Add(new HclAttribute(name, _text[expressionStart.._position].Trim(), startLine));
                continue;
            }

            var labels = new List<string>();
            while (true)
            {
                SkipTrivia(acrossLines: false);
                if (AtEnd)
                {
                    throw Error($"block '{name}' opened on line {startLine} has no body");
                }

                if (Current == '{')
                {
                    break;
                }

                labels.Add(Current == '"'
                    ? ReadLabel()
                    : ReadIdentifier() ?? throw Error($"unexpected '{Describe(Current)}' in the header of block '{name}'"));
            }

            _position++;
            var body = ParseBody(startLine);
            blocks.Add(new HclBlock(name, labels, body, startLine));
        }
    }

    /// <summary>
    /// Scans an attribute's expression up to the end of its line (or an enclosing '}'), or a
    /// template interpolation up to and including its closing '}'.
    /// </summary>
    private void ScanExpression(bool isInterpolation, int openedOnLine)
    {
        var open = new Stack<(char Closing, int Line)>();
        while (!AtEnd)
        {
            var character = Current;
            if (open.Count == 0)
            {
                if (character == '}')
                {
                    if (isInterpolation)
                    {
                        _position++;
                    }

                    return;
                }

                if (character == '\n' && !isInterpolation)
                {
                    return;
                }
            }

            switch (character)
            {
                case '"':
                    ScanQuotedTemplate();
                    continue;
                case '#':
                    SkipToEndOfLine();
                    continue;
                case '/' when Peek(1) == '/':
                    SkipToEndOfLine();
                    continue;
                case '/' when Peek(1) == '*':
                    SkipBlockComment();
                    continue;
                case '<' when HeredocHeader().Match(_text, _position) is { Success: true } header:
                    ScanHeredoc(header);
                    continue;
                case '(':
                    open.Push((')', Line));
                    break;
                case '[':
                    open.Push((']', Line));
                    break;
                case '{':
                    open.Push(('}', Line));
                    break;
                case ')' or ']' or '}':
                    if (open.Count == 0)
                    {
                        throw Error($"'{character}' closes nothing");
                    }

                    var (closing, line) = open.Pop();
                    if (closing != character)
                    {
                        throw Error($"'{character}' does not match the bracket opened on line {line}, which expects '{closing}'");
                    }

                    break;
            }

            _position++;
        }

        if (open.Count > 0)
        {
            var (closing, line) = open.Peek();
            throw Error($"the bracket opened on line {line} is never closed with '{closing}'");
        }

        if (isInterpolation)
        {
            throw Error($"the interpolation opened on line {openedOnLine} is never closed");
        }
    }

    private void ScanQuotedTemplate()
    {
        var line = Line;
        _position++;
        while (true)
        {
            if (AtEnd || Current == '\n')
            {
                throw Error($"the string opened on line {line} is not closed on that line");
            }

            switch (Current)
            {
                case '\\':
                    _position += 2;
                    continue;
                case '"':
                    _position++;
                    return;
            }

            if (!TryScanTemplateSequence())
            {
                _position++;
            }
        }
    }

    /// <summary>Consumes <c>$${</c> / <c>%%{</c> escapes and whole <c>${ }</c> / <c>%{ }</c> sequences.</summary>
    private bool TryScanTemplateSequence()
    {
        var character = Current;
        if (character is not ('$' or '%'))
        {
            return false;
        }

        if (Peek(1) == character && Peek(2) == '{')
        {
            _position += 3;
            return true;
        }

        if (Peek(1) == '{')
        {
            var line = Line;
            _position += 2;
            ScanExpression(isInterpolation: true, openedOnLine: line);
            return true;
        }

        return false;
    }

    private void ScanHeredoc(Match header)
    {
        var line = Line;
        var marker = header.Groups["marker"].Value;
        _position += header.Length;
        var atLineStart = true;
        while (!AtEnd)
        {
            if (atLineStart)
            {
                var lineEnd = _text.IndexOf('\n', _position);
                if (lineEnd < 0)
                {
                    lineEnd = _text.Length;
                }

                if (_text[_position..lineEnd].Trim() == marker)
                {
                    _position = lineEnd;
                    return;
                }

                atLineStart = false;
            }

            if (Current == '\n')
            {
                _position++;
                atLineStart = true;
                continue;
            }

            if (!TryScanTemplateSequence())
            {
                _position++;
            }
        }

        throw new HclSyntaxException($"the heredoc <<{marker} opened on line {line} is never closed", line);
    }

    private void SkipTrivia(bool acrossLines)
    {
        while (!AtEnd)
        {
            var character = Current;
            if (character is ' ' or '\t' or '\r' || (acrossLines && character == '\n'))
            {
                _position++;
            }
            else if (character == '#' || (character == '/' && Peek(1) == '/'))
            {
                SkipToEndOfLine();
            }
            else if (character == '/' && Peek(1) == '*')
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipToEndOfLine()
    {
        while (!AtEnd && Current != '\n')
        {
            _position++;
        }
    }

    private void SkipBlockComment()
    {
        var line = Line;
        var end = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new HclSyntaxException($"the comment opened on line {line} is never closed", line);
        }

        _position = end + 2;
    }

    private string? ReadIdentifier()
    {
        var match = Identifier().Match(_text, _position);
        if (!match.Success)
        {
            return null;
        }

        _position += match.Length;
        return match.Value;
    }

    private string ReadLabel()
    {
        var line = Line;
        var start = ++_position;
        while (!AtEnd && Current != '"')
        {
            if (Current == '\n')
            {
                break;
            }

            _position += Current == '\\' ? 2 : 1;
        }

        if (AtEnd || Current != '"')
        {
            throw new HclSyntaxException($"the block label opened on line {line} is not closed on that line", line);
        }

        var label = _text[start.._position];
        _position++;
        return label;
    }

    private static string Describe(char character) => character switch
    {
        '\n' => "end of line",
        _ => character.ToString(),
    };

    [GeneratedRegex(@"\G[A-Za-z_][A-Za-z0-9_-]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\G<<-?(?<marker>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n")]
    private static partial Regex HeredocHeader();
}
