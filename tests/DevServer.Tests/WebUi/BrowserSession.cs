using PuppeteerSharp;

namespace CoderBootstrap.DevServer.Tests.WebUi;

/// <summary>Debian's chromium, headless, driven through PuppeteerSharp; screenshots go to the test's artifacts folder.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> Problems = [];
    private readonly IBrowser _browser;
    private readonly string _profile;

    private BrowserSession(IBrowser browser, string profile)
    {
        _browser = browser;
        _profile = profile;
    }

    /// <summary>CHROMIUM_PATH, else Debian's /usr/bin/chromium; null when neither exists.</summary>
    public static string? ChromiumPath =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium" }.FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    /// <summary>Where screenshots are written: TestResults/webui-screenshots beside the test assembly, or WEBUI_SCREENSHOTS.</summary>
    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("WEBUI_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "webui-screenshots");

    public static async Task<BrowserSession> LaunchAsync()
    {
        var profile = Directory.CreateTempSubdirectory("chromium-profile-").FullName;
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ChromiumPath ?? throw new InvalidOperationException("chromium is not installed"),
            Headless = true,
            UserDataDir = profile,
            DefaultViewport = new ViewPortOptions { Width = 1400, Height = 1000 },
            // This machine has no network: without these, chromium keeps trying to reach Google's hosts.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
            Timeout = 60_000,
        });
        return new BrowserSession(browser, profile);
    }

    public async Task<IPage> OpenAsync(string url)
    {
        var page = await _browser.NewPageAsync();
        page.DefaultTimeout = 60_000;
        // What went wrong on the page, for the failure message of a wait that times out.
        var problems = Problems.GetOrCreateValue(page);
        page.Console += (_, e) =>
        {
            if (e.Message.Type is ConsoleType.Error or ConsoleType.Warning)
            {
                lock (problems)
                {
                    problems.Add($"console {e.Message.Type}: {e.Message.Text}");
                }
            }
        };
        page.Response += (_, e) =>
        {
            if ((int)e.Response.Status >= 400)
            {
                lock (problems)
                {
                    problems.Add($"HTTP {(int)e.Response.Status} {e.Response.Request.Method} {e.Response.Url}");
                }
            }
        };
        await page.GoToAsync(url, WaitUntilNavigation.Networkidle2);
        return page;
    }

    /// <summary>Waits until the page's visible text contains every one of the given texts.</summary>
    public static async Task WaitForTextAsync(IPage page, params string[] texts)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "texts => texts.every(t => document.body.innerText.includes(t))",
                new WaitForFunctionOptions { Timeout = 60_000, PollingInterval = 250 },
                [texts]);
        }
        catch (WaitTaskTimeoutException)
        {
            var text = await page.EvaluateExpressionAsync<string>("document.body.innerText");
            await ScreenshotAsync(page, $"timed-out-{new Uri(page.Url).AbsolutePath.Split('/')[^1]}");
            var problems = Problems.GetOrCreateValue(page);
            string seen;
            lock (problems)
            {
                seen = string.Join("\n", problems);
            }
            throw new Xunit.Sdk.XunitException($"page {page.Url} never showed [{string.Join(", ", texts)}]; problems seen:\n{seen}\nit shows:\n{text}");
        }
    }

    /// <summary>Clicks the button whose text starts with the label, as a person would.</summary>
    public static async Task ClickButtonAsync(IPage page, string label)
    {
        var clicked = await page.EvaluateFunctionAsync<bool>(
            """
            label => {
              const button = [...document.querySelectorAll('button')].find(b => b.innerText.trim().startsWith(label));
              if (!button) return false;
              button.click();
              return true;
            }
            """,
            label);
        Assert.True(clicked, $"no button '{label}' on {page.Url}");
    }

    /// <summary>The text of the element with this data-testid, once it has some.</summary>
    public static async Task<string> TestIdTextAsync(IPage page, string testId)
    {
        var element = await page.WaitForSelectorAsync($"[data-testid='{testId}']", new WaitForSelectorOptions { Timeout = 60_000 });
        return await element.EvaluateFunctionAsync<string>("e => e.innerText");
    }

    public static Task<string> TextAsync(IPage page) => page.EvaluateExpressionAsync<string>("document.body.innerText");

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, $"{name}.png"), new ScreenshotOptions { FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _browser.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
