using System.CommandLine;
using System.Diagnostics;
using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Monitoring;
using ClickPredict.Registry;
using ClickPredict.Sessions;
using ClickPredict.Storage;
using ClickPredict.Training;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Spectre.Console;

namespace ClickPredict.Cli;

/// <summary>Parses, runs, and turns failures into one clear sentence and an exit code.</summary>
internal static class CommandRunner
{
    /// <summary>A span per stage (not for <c>serve</c>, a server rather than a stage, whose requests the API traces itself).</summary>
    public static readonly ActivitySource Stages = new("ClickPredict.Cli");

    public static int Invoke(RootCommand root, string[] args, IAnsiConsole? console = null)
    {
        var endpoint = Environment.GetEnvironmentVariable(Telemetry.OtlpEndpointVariable);
        using var tracing = Telemetry.OtlpConfigured(endpoint)
            ? Sdk.CreateTracerProviderBuilder().ConfigureResource(r => r.AddService("clickpredict-cli")).AddSource(Stages.Name).AddOtlpExporter().Build()
            : null;
        var parsed = root.Parse(args);
        var command = parsed.CommandResult.Command.Name;
        using var stage = command == "serve" ? null : Stages.StartActivity("clickpredict " + command);
        var code = Run(parsed, console ?? AnsiConsole.Console);
        stage?.SetTag("process.exit.code", code);
        stage?.SetStatus(code == ExitCodes.Ok ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        return code;
    }

    private static int Run(ParseResult parsed, IAnsiConsole console)
    {
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                console.MarkupLineInterpolated($"[red]{error.Message}[/]");
            }

            console.MarkupLine("Run with [bold]--help[/] to see the usage.");
            return ExitCodes.Usage;
        }

        var verbose = parsed.GetValue(CliOptions.Verbose);
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is MappingException or UsageException or RegistryException)
        {
            Report(console, e, verbose);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IngestException or SessionizeException or FeaturesException or TrainingException or MonitoringException or LakeBusyException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Report(console, e, verbose);
            return ExitCodes.Error;
        }
        catch (Exception e)
        {
            console.MarkupLineInterpolated($"[red]Unexpected error: {e.Message}[/]");
            if (verbose)
            {
                console.WriteException(e);
            }
            else
            {
                console.MarkupLine("Run again with [bold]--verbose[/] for the details.");
            }

            return ExitCodes.Error;
        }
    }

    private static void Report(IAnsiConsole console, Exception e, bool verbose)
    {
        console.MarkupLineInterpolated($"[red]{e.Message}[/]");
        if (verbose)
        {
            console.WriteException(e);
        }
    }
}

/// <summary>Options that parse but do not make sense together; exits with the usage code.</summary>
internal sealed class UsageException(string message) : Exception(message);
