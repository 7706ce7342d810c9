using System.Net;
using System.Net.Mail;
using System.Text;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Hosting;

namespace CoderBootstrap.Sandbox.Tests.Runtime;

public sealed class SmtpReceiverTests
{
    [Fact]
    public async Task A_mail_sent_through_the_sandbox_relay_is_listed_decoded_with_its_user_but_without_its_password()
    {
        await using var sandbox = await SandboxHost.StartAsync(new SandboxHostOptions { TimeScale = 0.01, UseRealPostgres = false });
        using (var smtp = new SmtpClient("127.0.0.1", sandbox.SmtpPort) { Credentials = new NetworkCredential("mailer", "relay-pw-51d0c3") })
        using (var message = new MailMessage("from@example.com", "ops@example.com", "budget at 80 % — €320.00", "line one\nprod: €320.00 of €400.00")
        {
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            BodyTransferEncoding = System.Net.Mime.TransferEncoding.Base64,
        })
        {
            await smtp.SendMailAsync(message);
        }

        using var client = new HttpClient();
        var listed = await client.GetStringAsync($"{sandbox.AdminUrl}/smtp/messages");
        var mail = JsonNode.Parse(listed)!["messages"]![0]!;
        Assert.Equal("budget at 80 % — €320.00", (string?)mail["subject"]);
        Assert.Contains("prod: €320.00 of €400.00", (string?)mail["body"], StringComparison.Ordinal);
        Assert.Equal(("from@example.com", "ops@example.com", "mailer"), ((string?)mail["from"], (string?)mail["to"]![0], (string?)mail["auth_user"]));
        Assert.Equal("relay-pw-51d0c3", sandbox.Scaleway.Mail.Messages.Single().AuthPassword);
        Assert.DoesNotContain("relay-pw-51d0c3", listed, StringComparison.Ordinal);
    }
}
