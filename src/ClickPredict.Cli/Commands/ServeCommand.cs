using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace ClickPredict.Cli.Commands;

/// <summary>
/// Starts the prediction API (src/ClickPredict.Api) in this process with the host definition its own entry
/// point runs (<c>ApiApplication</c>); settings go in as its command-line configuration, which outranks the
/// environment, so only what was given here is passed (an <c>Admin__ApiKey</c> in the environment stays in force).
/// </summary>
internal static class ServeCommand
{
    public const int DefaultPort = 5080;

    public static readonly Option<int> Port = new("--port") { Description = "The HTTP port to listen on.", DefaultValueFactory = _ => DefaultPort };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "Admin key for reload and promote (at least 16 characters); without one (or CLICKPREDICT_API_KEY) the admin endpoints are off.",
        HelpName = "key",
    };

    public static readonly Option<bool> NoServe = new("--no-serve") { Description = "Stop after the pipeline instead of starting the prediction API." };

    public static Command Create()
    {
        var lake = CliOptions.Lake();
        var models = CliOptions.Models();
        var name = new Option<string>("--name") { Description = "Registered model name to serve.", DefaultValueFactory = _ => Training.TrainOptions.DefaultModelName };
        var command = new Command("serve",
            "Start the prediction API: the champion and challenger from the registry, the online snapshot from the lake, Swagger UI at /swagger.")
        {
            lake, models, name, Port, ApiKey,
        };
        command.SetAction(parsed => Run(
            AnsiConsole.Console, parsed.GetRequiredValue(lake), parsed.GetRequiredValue(models), parsed.GetRequiredValue(name), parsed.GetValue(Port), parsed.GetValue(ApiKey)));
        return command;
    }

    public static int Run(IAnsiConsole console, string lake, string models, string name, int port, string? apiKey)
    {
        apiKey ??= Environment.GetEnvironmentVariable("CLICKPREDICT_API_KEY");
        var url = string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}");
        console.MarkupLineInterpolated($"Serving [bold]{name}[/] from {Path.GetFullPath(models)} with the online snapshot of {Path.GetFullPath(lake)}.");
        console.MarkupLineInterpolated($"Swagger UI: [link]{url}/swagger[/]   Dashboard: [link]{url}/dashboard[/]   (Ctrl+C stops the server)");
        string[] args =
        [
            "--urls", string.Create(CultureInfo.InvariantCulture, $"http://0.0.0.0:{port}"),
            "--contentRoot", AppContext.BaseDirectory,
            "--Serving:ModelsFolder", Path.GetFullPath(models),
            "--Serving:LakeFolder", Path.GetFullPath(lake),
            "--Serving:ModelName", name,
            "--PredictionLog:Folder", Path.Combine(Path.GetFullPath(lake), "..", "predictions"),
            .. apiKey is null ? Array.Empty<string>() : ["--Admin:ApiKey", apiKey],
        ];
        Api.Hosting.ApiApplication.Run(args);
        return ExitCodes.Ok;
    }
}
