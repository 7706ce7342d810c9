using System.CommandLine;
using System.CommandLine.Parsing;

namespace CoderBootstrap.Starter;

/// <summary>One line that names what is wrong on the command line: the unknown command or option, or the bad value.</summary>
internal static class ParseErrors
{
    public static string Describe(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var path = CommandPath(parsed.CommandResult);
        var word = parsed.UnmatchedTokens.FirstOrDefault(token => !token.StartsWith('-'));
        var option = parsed.UnmatchedTokens.FirstOrDefault(token => token.StartsWith('-'));
        if (command.Subcommands.Count > 0)
        {
            var known = string.Join(", ", command.Subcommands.Select(c => c.Name));
            if (word is not null)
            {
                return $"unknown command '{Join(path, word)}' (commands{(path.Length > 0 ? $" of '{path}'" : string.Empty)}: {known})";
            }
            if (option is null)
            {
                return path.Length > 0 ? $"'{path}' needs one of: {known}" : $"a command is needed: {known}";
            }
        }
        if (option is not null)
        {
            return $"unknown option '{option.Split('=')[0]}'{(path.Length > 0 ? $" for '{path}'" : string.Empty)}";
        }
        if (word is not null)
        {
            return $"unexpected argument '{word}'{(path.Length > 0 ? $" for '{path}'" : string.Empty)}";
        }
        return parsed.Errors[0].Message.TrimEnd('.');
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is CommandResult { Parent: not null } command; current = command.Parent)
        {
            names.Insert(0, command.Command.Name);
        }
        return string.Join(' ', names);
    }

    private static string Join(string path, string word) => path.Length > 0 ? $"{path} {word}" : word;
}
