using System.Text;
using System.Text.RegularExpressions;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>
/// A template archive as <c>coder templates push</c> uploads it: a ustar tar of the template folder.
/// Parsing checks each header's magic and checksum; PAX and GNU long-name entries are understood.
/// </summary>
internal sealed partial class TemplateArchive
{
    private const int BlockSize = 512;

    private TemplateArchive(IReadOnlyDictionary<string, byte[]> files) => Files = files;

    /// <summary>Regular files by their path inside the archive, without a leading <c>./</c>.</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; }

    public static bool TryParse(byte[] archive, out TemplateArchive? parsed, out string error)
    {
        parsed = null;
        error = "";
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? pendingLongName = null;
        var position = 0;
        var sawEndMarker = false;
        if (archive.Length == 0 || archive.Length % BlockSize != 0)
        {
            error = "the archive is not a sequence of 512-byte tar blocks";
            return false;
        }

        while (position + BlockSize <= archive.Length)
        {
            var header = archive.AsSpan(position, BlockSize);
            if (header.IndexOfAnyExcept((byte)0) < 0)
            {
                sawEndMarker = true;
                break;
            }

            if (!header[257..262].SequenceEqual("ustar"u8))
            {
                error = $"block at offset {position} is not a ustar header";
                return false;
            }

            if (!TryReadOctal(header[148..156], out var storedChecksum) || storedChecksum != ComputeChecksum(header))
            {
                error = $"header checksum mismatch at offset {position}";
                return false;
            }

            if (!TryReadOctal(header[124..136], out var size) || position + BlockSize + size > archive.Length)
            {
                error = $"invalid entry size at offset {position}";
                return false;
            }

            var content = archive.AsSpan(position + BlockSize, (int)size).ToArray();
            var typeFlag = (char)header[156];
            var name = pendingLongName ?? JoinPrefix(ReadString(header[345..500]), ReadString(header[..100]));
            pendingLongName = null;
            switch (typeFlag)
            {
                case 'L':
                    pendingLongName = Encoding.UTF8.GetString(content).TrimEnd('\0');
                    break;
                case 'x':
                    pendingLongName = ReadPaxPath(content);
                    break;
                case '0' or '\0' or '7':
                    files[Normalize(name)] = content;
                    break;
            }

            position += BlockSize + (int)((size + BlockSize - 1) / BlockSize * BlockSize);
        }

        if (!sawEndMarker && position < archive.Length)
        {
            error = "truncated archive";
            return false;
        }

        parsed = new TemplateArchive(files);
        return true;
    }

    /// <summary>Why importing this template would fail, or null when it would succeed.</summary>
    public string? FindImportProblem()
    {
        if (!Files.ContainsKey("main.tf"))
        {
            return "terraform: Error: No configuration files. The template archive has no main.tf at its root.";
        }

        var rootTerraform = Files.Where(f => !f.Key.Contains('/') && f.Key.EndsWith(".tf", StringComparison.Ordinal))
            .Select(f => StripComments(Encoding.UTF8.GetString(f.Value)))
            .ToList();
        var moduleProblem = FindModuleProblem(rootTerraform);
        if (moduleProblem is not null)
        {
            return moduleProblem;
        }

        var declaresAgent = rootTerraform.Concat(LocalModuleTerraform(rootTerraform)).Any(text => CoderAgentResource().IsMatch(text));
        return declaresAgent
            ? null
            : "template import: the Terraform (with the local modules it calls) does not declare a resource \"coder_agent\"; workspaces built from it would have no agent.";
    }

    /// <summary>
    /// What <c>terraform init</c> says of a local module source (<c>./</c> or <c>../</c>) that is not a
    /// folder of .tf files inside the archive; registry and git sources are not checked.
    /// </summary>
    private string? FindModuleProblem(IEnumerable<string> rootTerraform)
    {
        foreach (Match module in ModuleSource().Matches(string.Join("\n", rootTerraform)))
        {
            var source = module.Groups["source"].Value;
            if (!source.StartsWith("./", StringComparison.Ordinal) && !source.StartsWith("../", StringComparison.Ordinal))
            {
                continue;
            }

            var folder = Normalize(source).TrimEnd('/');
            var escapes = source.StartsWith("../", StringComparison.Ordinal) || folder.Split('/').Contains("..");
            if (escapes || !Files.Keys.Any(path => path.StartsWith(folder + "/", StringComparison.Ordinal)))
            {
                return $"terraform init: exit status 1: Error: Unreadable module directory: Unable to evaluate directory symlink: lstat {source.TrimStart('.', '/')}: no such file or directory (module \"{module.Groups["name"].Value}\")";
            }

            if (!TerraformFilesIn(folder).Any())
            {
                return $"terraform init: exit status 1: Error: No Terraform configuration files: the module \"{module.Groups["name"].Value}\" directory {source} contains no .tf files";
            }
        }

        return null;
    }

    /// <summary>The .tf files of the local modules the given Terraform calls, and of those they call in turn.</summary>
    private IEnumerable<string> LocalModuleTerraform(IEnumerable<string> callers)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<(string Folder, string Text)>(callers.Select(text => ("", text)));
        while (pending.TryDequeue(out var caller))
        {
            foreach (Match module in ModuleSource().Matches(caller.Text))
            {
                var folder = LocalFolder(caller.Folder, module.Groups["source"].Value);
                if (folder is null || !seen.Add(folder))
                {
                    continue;
                }

                foreach (var file in TerraformFilesIn(folder))
                {
                    var text = StripComments(Encoding.UTF8.GetString(file));
                    pending.Enqueue((folder, text));
                    yield return text;
                }
            }
        }
    }

    private IEnumerable<byte[]> TerraformFilesIn(string folder) =>
        Files.Where(f => f.Key.StartsWith(folder + "/", StringComparison.Ordinal) && !f.Key[(folder.Length + 1)..].Contains('/') && f.Key.EndsWith(".tf", StringComparison.Ordinal))
            .Select(f => f.Value);

    /// <summary>The archive folder a local module source names from the caller's folder, or null for a registry or git source or one outside the archive.</summary>
    private static string? LocalFolder(string callerFolder, string source)
    {
        if (!source.StartsWith("./", StringComparison.Ordinal) && !source.StartsWith("../", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = callerFolder.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var part in source.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    public string Readme => Files.TryGetValue("README.md", out var readme) ? Encoding.UTF8.GetString(readme) : "";

    private static string StripComments(string terraform) => TerraformComment().Replace(terraform, "");

    private static long ComputeChecksum(ReadOnlySpan<byte> header)
    {
        long sum = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            sum += i is >= 148 and < 156 ? (byte)' ' : header[i];
        }

        return sum;
    }

    private static bool TryReadOctal(ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        var text = Encoding.ASCII.GetString(field).Trim('\0', ' ');
        if (text.Length == 0)
        {
            return true;
        }

        foreach (var digit in text)
        {
            if (digit is < '0' or > '7')
            {
                return false;
            }

            value = value * 8 + (digit - '0');
        }

        return true;
    }

    private static string ReadString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private static string JoinPrefix(string prefix, string name) => prefix.Length == 0 ? name : prefix + "/" + name;

    private static string Normalize(string name)
    {
        while (name.StartsWith("./", StringComparison.Ordinal))
        {
            name = name[2..];
        }

        return name.TrimStart('/');
    }

    private static string? ReadPaxPath(byte[] content)
    {
        foreach (var record in Encoding.UTF8.GetString(content).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = record.IndexOf(' ');
            var keyValue = space < 0 ? record : record[(space + 1)..];
            if (keyValue.StartsWith("path=", StringComparison.Ordinal))
            {
                return keyValue["path=".Length..];
            }
        }

        return null;
    }

    [GeneratedRegex("resource\\s+\"coder_agent\"\\s+\"[^\"]+\"\\s*\\{")]
    private static partial Regex CoderAgentResource();

    [GeneratedRegex("module\\s+\"(?<name>[^\"]+)\"\\s*\\{[^{}]*?\\bsource\\s*=\\s*\"(?<source>[^\"]+)\"", RegexOptions.Singleline)]
    private static partial Regex ModuleSource();

    [GeneratedRegex("/\\*.*?\\*/|(?:#|//)[^\\n]*", RegexOptions.Singleline)]
    private static partial Regex TerraformComment();
}
