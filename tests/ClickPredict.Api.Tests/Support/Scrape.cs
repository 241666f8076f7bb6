using System.Globalization;
using System.Text.RegularExpressions;

namespace ClickPredict.Api.Tests.Support;

/// <summary>One sample of a Prometheus text exposition: its name, labels and value.</summary>
internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A /metrics scrape, parsed. Lookups name the labels they care about; the exporter's own labels
/// (such as <c>otel_scope_name</c>) and their order never matter.
/// </summary>
internal sealed partial class Scrape(IReadOnlyList<Sample> samples)
{
    public IReadOnlyList<Sample> Samples { get; } = samples;

    public static async Task<Scrape> From(HttpClient client) => Parse(await client.GetStringAsync("/metrics"));

    public static Scrape Parse(string text) => new([.. text.Split('\n')
        .Where(l => l.Length > 0 && l[0] != '#')
        .Select(l => SampleLine().Match(l))
        .Where(m => m.Success)
        .Select(m => new Sample(
            m.Groups["name"].Value,
            LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(p => p.Groups[1].Value, p => p.Groups[2].Value),
            double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)))]);

    /// <summary>The samples named <paramref name="name"/> carrying every one of <paramref name="labels"/>.</summary>
    public IEnumerable<Sample> Matching(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    /// <summary>The one matching sample's value; fails when there is none or more than one.</summary>
    public double Value(string name, params (string Key, string Value)[] labels)
    {
        var found = Matching(name, labels).ToList();
        Assert.True(found.Count == 1, $"{found.Count} samples of {name} with {string.Join(",", labels)} in /metrics");
        return found[0].Value;
    }

    /// <summary>The sum over matching samples (0 when there are none).</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) => Matching(name, labels).Sum(s => s.Value);

    public bool Has(string name) => Samples.Any(s => s.Name == name);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
