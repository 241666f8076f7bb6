namespace ClickPredict.Registry;

/// <summary><c>aliases.json</c>: which version is champion and which challenger, and how each got there.</summary>
internal sealed record ModelAliases
{
    public const string Champion = "champion";
    public const string Challenger = "challenger";

    /// <summary>Not an alias: what a training run's version is when it does not beat chance or the base rate; it is never aliased.</summary>
    public const string Rejected = "rejected";

    public static IReadOnlyList<string> Names { get; } = [Champion, Challenger];

    public int? ChampionVersion { get; init; }

    public int? ChallengerVersion { get; init; }

    public IReadOnlyList<AliasChange> History { get; set; } = [];

    public int? VersionOf(string alias) => alias switch
    {
        Champion => ChampionVersion,
        Challenger => ChallengerVersion,
        _ => throw new ArgumentException($"Unknown alias '{alias}'; use {string.Join(" or ", Names)}."),
    };

    public IEnumerable<string> AliasesOf(int version) =>
        Names.Where(a => VersionOf(a) == version);

    /// <summary>Points <paramref name="alias"/> at <paramref name="version"/>; a version holds one alias at a time.</summary>
    public ModelAliases With(string alias, int version, string reason, string by, DateTimeOffset at)
    {
        var change = new AliasChange(at, alias, version, VersionOf(alias), reason, by);
        return alias == Champion
            ? this with { ChampionVersion = version, ChallengerVersion = ChallengerVersion == version ? null : ChallengerVersion, History = [.. History, change] }
            : this with { ChallengerVersion = version, ChampionVersion = ChampionVersion == version ? null : ChampionVersion, History = [.. History, change] };
    }
}

/// <summary>One alias move: when, to which version, from which, why, and by which command.</summary>
internal sealed record AliasChange(DateTimeOffset At, string Alias, int Version, int? Previous, string Reason, string By);
