using ClickPredict.Tests.Support;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClickPredict.Api.Tests.Dashboard;

/// <summary>What a page did in the browser: the errors it logged and whether each selector matched.</summary>
internal sealed record PageVisit(IReadOnlyList<string> Errors, IReadOnlyDictionary<string, bool> Found);

/// <summary>
/// Debian's headless Chromium driven over the Chrome DevTools Protocol (a websocket, flat sessions):
/// opens a tab, loads a page, collects console errors, uncaught exceptions and failed loads, checks
/// selectors and takes a screenshot. One browser per instance, with a profile folder of its own.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Process process;
    private readonly string profile;
    private readonly ClientWebSocket socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> pending = new();
    private readonly ConcurrentQueue<JsonNode> events = new();
    private readonly CancellationTokenSource stopping = new();
    private Task? receiving;
    private int lastId;

    private HeadlessChromium(Process process, string profile)
    {
        this.process = process;
        this.profile = profile;
    }

    public static async Task<HeadlessChromium> StartAsync()
    {
        var executable = Executables.Find([.. Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } named ? [named] : Array.Empty<string>(),
                "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"])
            ?? throw new InvalidOperationException(
                "The browser tests need Chromium: apt-get install -y chromium (or set CHROMIUM_PATH); .ci/run installs it.");
        var profile = Directory.CreateTempSubdirectory("clickpredict-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var flag in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(flag);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.ConnectAsync();
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Loads <paramref name="url"/> in a new tab, waits for its load event and then until every selector
    /// matches (or the patience runs out), saves a full-page screenshot to <paramref name="screenshot"/>.
    /// </summary>
    public async Task<PageVisit> VisitAsync(string url, string screenshot, IReadOnlyList<string> selectors)
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true });
        var session = attached["sessionId"]!.GetValue<string>();
        foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable" })
        {
            await SendAsync(domain, new JsonObject(), session);
        }

        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1400, ["height"] = 1000, ["deviceScaleFactor"] = 1, ["mobile"] = false }, session);
        var navigated = await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, session);
        if (navigated["errorText"] is { } failed)
        {
            throw new InvalidOperationException($"Chromium could not load {url}: {failed}");
        }

        await WaitForEventAsync("Page.loadEventFired", session);
        var found = new Dictionary<string, bool>();
        var deadline = DateTime.UtcNow + Patience;
        do
        {
            foreach (var selector in selectors)
            {
                found[selector] = await EvaluateAsync<bool>($"document.querySelector({JsonSerializer.Serialize(selector)}) !== null", session);
            }
        }
        while (found.ContainsValue(false) && DateTime.UtcNow < deadline && await Pause());

        // Late errors (a script run after load, an image that fails) still count.
        await Task.Delay(500);
        var height = await EvaluateAsync<double>("Math.ceil(document.documentElement.scrollHeight)", session);
        await SendAsync("Emulation.setDeviceMetricsOverride",
            new JsonObject { ["width"] = 1400, ["height"] = (int)Math.Clamp(height, 600, 6000), ["deviceScaleFactor"] = 1, ["mobile"] = false }, session);
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, session);
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await File.WriteAllBytesAsync(screenshot, Convert.FromBase64String(shot["data"]!.GetValue<string>()));
        var errors = Errors(session);
        await SendAsync("Target.closeTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>() });
        return new PageVisit(errors, found);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        if (receiving is not null)
        {
            await receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        socket.Dispose();
        process.Dispose();
        stopping.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's helpers can hold a file a moment after exit; a temp folder left behind is harmless.
        }
    }

    /// <summary>Console errors, uncaught exceptions and error log entries (failed loads) of one tab, as text.</summary>
    private List<string> Errors(string session)
    {
        var errors = new List<string>();
        foreach (var e in events.Where(e => e["sessionId"]?.GetValue<string>() == session))
        {
            var parameters = e["params"]!;
            switch (e["method"]!.GetValue<string>())
            {
                case "Runtime.consoleAPICalled" when parameters["type"]!.GetValue<string>() is "error" or "assert":
                    errors.Add("console: " + string.Join(" ", parameters["args"]!.AsArray().Select(a => a?["value"]?.ToString() ?? a?["description"]?.ToString())));
                    break;
                case "Runtime.exceptionThrown":
                    errors.Add("exception: " + (parameters["exceptionDetails"]!["exception"]?["description"] ?? parameters["exceptionDetails"]!["text"]));
                    break;
                case "Log.entryAdded" when parameters["entry"]!["level"]!.GetValue<string>() == "error":
                    errors.Add($"log: {parameters["entry"]!["text"]} {parameters["entry"]!["url"]}");
                    break;
            }
        }

        return errors;
    }

    private async Task ConnectAsync()
    {
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + Patience;
        string[] lines = [];
        while (lines.Length < 2)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Chromium exited with code {process.ExitCode} before opening its DevTools port.");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Chromium wrote no {portFile} within {Patience.TotalSeconds} s.");
            }

            await Task.Delay(100);
            lines = File.Exists(portFile) ? (await File.ReadAllTextAsync(portFile)).Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
        }

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"), stopping.Token);
        receiving = Task.Run(ReceiveAsync);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (!stopping.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            var part = await socket.ReceiveAsync(buffer, stopping.Token);
            message.Write(buffer, 0, part.Count);
            if (!part.EndOfMessage)
            {
                continue;
            }

            var node = JsonNode.Parse(message.ToArray())!;
            message.SetLength(0);
            if (node["id"] is { } id && pending.TryRemove(id.GetValue<int>(), out var waiting))
            {
                if (node["error"] is { } error)
                {
                    waiting.SetException(new InvalidOperationException($"DevTools error: {error.ToJsonString()}"));
                }
                else
                {
                    waiting.SetResult(node["result"]!);
                }
            }
            else if (node["method"] is not null)
            {
                events.Enqueue(node);
            }
        }
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject parameters, string? session = null)
    {
        var id = Interlocked.Increment(ref lastId);
        var answer = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session is not null)
        {
            message["sessionId"] = session;
        }

        await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, stopping.Token);
        return await answer.Task.WaitAsync(Patience);
    }

    private async Task<T> EvaluateAsync<T>(string expression, string session)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, session);
        return result["result"]!["value"]!.GetValue<T>();
    }

    private async Task WaitForEventAsync(string method, string session)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!events.Any(e => e["method"]?.GetValue<string>() == method && e["sessionId"]?.GetValue<string>() == session))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {method} within {Patience.TotalSeconds} s.");
            }

            await Task.Delay(50);
        }
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(250);
        return true;
    }
}
