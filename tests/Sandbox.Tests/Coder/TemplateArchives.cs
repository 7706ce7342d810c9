using System.Formats.Tar;
using System.Text;

namespace CoderBootstrap.Sandbox.Tests.Coder;

/// <summary>Builds template archives with System.Formats.Tar, as <c>coder templates push</c> would upload them.</summary>
public static class TemplateArchives
{
    public const string KubernetesTemplate = """
        terraform {
          required_providers {
            coder = { source = "coder/coder" }
          }
        }

        data "coder_workspace" "me" {}

        resource "coder_agent" "main" {
          os   = "linux"
          arch = "amd64"
        }
        """;

    public const string TemplateWithoutAgent = """
        # resource "coder_agent" "commented_out" {}
        resource "kubernetes_pod" "main" {
          metadata { name = "workspace" }
        }
        """;

    public static byte[] Build(TarEntryFormat format, params (string Path, string Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, format, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                TarEntry entry = format switch
                {
                    TarEntryFormat.Ustar => new UstarTarEntry(TarEntryType.RegularFile, path),
                    TarEntryFormat.Pax => new PaxTarEntry(TarEntryType.RegularFile, path),
                    _ => new GnuTarEntry(TarEntryType.RegularFile, path),
                };
                entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
                writer.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    public static byte[] Build(params (string Path, string Content)[] files) => Build(TarEntryFormat.Ustar, files);
}
