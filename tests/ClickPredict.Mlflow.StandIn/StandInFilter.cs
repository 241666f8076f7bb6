using System.Text.RegularExpressions;

namespace ClickPredict.Mlflow.StandIn;

/// <summary>The part of MLflow's filter grammar the client uses: <c>scope.key = 'value'</c> clauses joined by <c>and</c>.</summary>
internal sealed partial record StandInFilter(IReadOnlyList<(string Scope, string Key, string Value)> Clauses)
{
    public static StandInFilter Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
            return new([]);
        var clauses = new List<(string, string, string)>();
        foreach (var part in AndPattern().Split(filter.Trim()))
        {
            var m = ClausePattern().Match(part.Trim());
            if (!m.Success)
                throw StandInError.Invalid($"stand-in: unsupported filter clause '{part}'");
            var scope = m.Groups["scope"].Success ? m.Groups["scope"].Value.ToLowerInvariant() : "attributes";
            clauses.Add((scope, m.Groups["key"].Value.Trim('`', '"'), m.Groups["value"].Value));
        }
        return new(clauses);
    }

    public bool Matches(Func<string, string, string?> lookup) => Clauses.All(c => lookup(c.Scope, c.Key) == c.Value);

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndPattern();

    [GeneratedRegex(@"^(?:(?<scope>tags|tag|params|param|attributes|attribute|run)\.)?(?<key>`[^`]+`|""[^""]+""|[\w.]+)\s*=\s*'(?<value>[^']*)'$", RegexOptions.IgnoreCase)]
    private static partial Regex ClausePattern();
}
