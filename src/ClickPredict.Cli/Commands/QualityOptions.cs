using System.CommandLine;
using ClickPredict.Events.Quality;

namespace ClickPredict.Cli.Commands;

/// <summary>The ingest options that set the data-quality alert thresholds, and --fail-on-alert.</summary>
internal sealed class QualityOptions
{
    private static readonly QualityThresholds Defaults = new();

    public Option<bool> FailOnAlert { get; } = new("--fail-on-alert")
    {
        Description = $"Exit with code {ExitCodes.MonitoringAlert} when the ingest's data quality raises an alert (the ingest is still committed).",
    };

    private Option<double> RowChange { get; } = Fraction("--max-row-change", Defaults.MaxRowCountChange, "Alert when rows read change by more than this fraction against the previous ingest of the same source.");

    private Option<double> NullRate { get; } = Fraction("--max-null-rate", Defaults.MaxRequiredNullRate, "Alert when a required field is missing or unparseable in more than this fraction of rows.");

    private Option<double> QuarantineRate { get; } = Fraction("--max-quarantine-rate", Defaults.MaxQuarantineRate, "Alert when more than this fraction of rows is quarantined.");

    private Option<double> TypeShare { get; } = Fraction("--max-type-share-change", Defaults.MaxEventTypeShareChange, "Alert when an event type's share of accepted rows moves by more than this (0.05 = 5 points).");

    private Option<double> TypeRelative { get; } = Fraction("--max-type-relative-change", Defaults.MaxEventTypeRelativeChange, "Alert when an event type's share moves by more than this fraction of itself (types with ≥ 100 rows before).");

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { FailOnAlert, RowChange, NullRate, QuarantineRate, TypeShare, TypeRelative })
        {
            command.Options.Add(option);
        }
    }

    public QualityThresholds Thresholds(ParseResult parsed)
    {
        var thresholds = new QualityThresholds
        {
            MaxRowCountChange = parsed.GetValue(RowChange),
            MaxRequiredNullRate = parsed.GetValue(NullRate),
            MaxQuarantineRate = parsed.GetValue(QuarantineRate),
            MaxEventTypeShareChange = parsed.GetValue(TypeShare),
            MaxEventTypeRelativeChange = parsed.GetValue(TypeRelative),
        };
        try
        {
            thresholds.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        return thresholds;
    }

    private static Option<double> Fraction(string name, double value, string description) =>
        new(name) { Description = $"{description} Default {value}.", DefaultValueFactory = _ => value, HelpName = "fraction" };
}
