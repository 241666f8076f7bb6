using ClickPredict.Features;
using ClickPredict.Registry;

namespace ClickPredict.Api.Serving;

/// <summary>
/// Everything one request scores with, swapped as a whole: the champion, the challenger if there is
/// one, and the online snapshot. A request reads <see cref="ModelHost.Current"/> once and keeps it.
/// </summary>
internal sealed record ServingState(string Name, LoadedModel Champion, LoadedModel? Challenger, OnlineSnapshot Snapshot, DateTimeOffset LoadedAt, long Generation)
{
    /// <summary>The model behind an alias, or null when that alias names no version.</summary>
    public LoadedModel? For(string alias) => alias switch
    {
        ModelAliases.Champion => Champion,
        ModelAliases.Challenger => Challenger,
        _ => null,
    };

    public IEnumerable<(string Alias, LoadedModel Model)> Models()
    {
        yield return (ModelAliases.Champion, Champion);
        if (Challenger is not null)
        {
            yield return (ModelAliases.Challenger, Challenger);
        }
    }
}
