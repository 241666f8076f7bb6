using System.Collections.Concurrent;
using PuppeteerSharp;

namespace ClickPredict.Api.Tests.Dashboard;

/// <summary>What a page did in the browser: the errors it logged and whether each selector matched.</summary>
internal sealed record PageVisit(IReadOnlyList<string> Errors, IReadOnlyDictionary<string, bool> Found);

/// <summary>
/// The installed Chromium (Debian's here; no browser download) driven by PuppeteerSharp: opens a tab,
/// loads a page, collects console errors, uncaught exceptions, failed loads and HTTP errors, checks
/// selectors and takes a full-page screenshot. One browser per instance, with a profile of its own.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly IBrowser browser;

    private HeadlessChromium(IBrowser browser) => this.browser = browser;

    public static async Task<HeadlessChromium> StartAsync()
    {
        var executable = Executables.Find([.. Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } named ? [named] : Array.Empty<string>(),
                "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"])
            ?? throw new InvalidOperationException(
                "The browser tests need Chromium: apt-get install -y chromium (or set CHROMIUM_PATH); .ci/run installs it.");
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = executable,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic"],
            DefaultViewport = new ViewPortOptions { Width = 1400, Height = 1000 },
        });
        return new HeadlessChromium(browser);
    }

    /// <summary>
    /// Loads <paramref name="url"/> in a new tab, waits for its load event and then until every selector
    /// matches (or the patience runs out), saves a full-page screenshot to <paramref name="screenshot"/>.
    /// </summary>
    public async Task<PageVisit> VisitAsync(string url, string screenshot, IReadOnlyList<string> selectors)
    {
        var errors = new ConcurrentQueue<string>();
        await using var page = await browser.NewPageAsync();
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                errors.Enqueue($"console: {e.Message.Text}");
            }
        };
        page.PageError += (_, e) => errors.Enqueue($"uncaught: {e.Message}");
        page.RequestFailed += (_, e) => errors.Enqueue($"failed load: {e.Request.Url} {e.Request.FailureText}");
        page.Response += (_, e) =>
        {
            if ((int)e.Response.Status >= 400)
            {
                errors.Enqueue($"HTTP {(int)e.Response.Status}: {e.Response.Url}");
            }
        };

        var response = await page.GoToAsync(url, new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = (int)Patience.TotalMilliseconds });
        if (response is { Ok: false } && !url.StartsWith("file:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Chromium could not load {url}: HTTP {(int)response.Status}");
        }

        var found = new Dictionary<string, bool>();
        var deadline = DateTime.UtcNow + Patience;
        do
        {
            foreach (var selector in selectors)
            {
                found[selector] = await page.QuerySelectorAsync(selector) is not null;
            }
        }
        while (found.ContainsValue(false) && DateTime.UtcNow < deadline && await Pause());

        // Late errors (a script run after load, an image that fails) still count.
        await Task.Delay(500);
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(screenshot, new ScreenshotOptions { FullPage = true, Type = ScreenshotType.Png });
        return new PageVisit([.. errors], found);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        await browser.DisposeAsync();
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(200);
        return true;
    }
}
