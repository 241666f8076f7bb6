using System.CommandLine;
using ClickPredict.Events;
using ClickPredict.Features;
using ClickPredict.Monitoring;
using ClickPredict.Registry;
using ClickPredict.Sessions;
using ClickPredict.Storage;
using ClickPredict.Training;
using Spectre.Console;

namespace ClickPredict.Cli;

/// <summary>Parses, runs, and turns failures into one clear sentence and an exit code.</summary>
internal static class CommandRunner
{
    public static int Invoke(RootCommand root, string[] args, IAnsiConsole? console = null)
    {
        console ??= AnsiConsole.Console;
        var parsed = root.Parse(args);
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
