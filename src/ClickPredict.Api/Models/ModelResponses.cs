using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClickPredict.Api.Serving;
using ClickPredict.Registry;
using ClickPredict.Training;

namespace ClickPredict.Api.Models;

/// <summary>What the API serves right now.</summary>
internal sealed record ServingResponse(
    [property: Description("The registered model name served.")] string Name,
    [property: Description("When this state (models + snapshot) was swapped in.")] DateTimeOffset LoadedAt,
    [property: Description("Increases by one with every swap.")] long Generation,
    SnapshotSummary Snapshot,
    [property: Description("The loaded models, champion first.")] IReadOnlyList<ModelSummary> Models,
    [property: Description("Every registered version of the model.")] IReadOnlyList<int> RegisteredVersions)
{
    public static ServingResponse Of(ServingState state, ModelRegistry registry) => new(
        state.Name, state.LoadedAt, state.Generation, SnapshotSummary.Of(state),
        [.. state.Models().Select(m => ModelSummary.Of(m.Model.Card, m.Alias, loaded: true))], registry.Versions(state.Name));
}

/// <summary>The online snapshot the features read history from.</summary>
internal sealed record SnapshotSummary(string BuildId, string FeatureSetVersion, DateTime HistoryBefore, int Users, int Items, int Categories)
{
    public static SnapshotSummary Of(ServingState state) => new(
        state.Snapshot.BuildId, state.Snapshot.FeatureSetVersion, state.Snapshot.AsOf, state.Snapshot.UserCount, state.Snapshot.Stats.ItemCount, state.Snapshot.Stats.CategoryCount);
}

/// <summary>A model version's headline: how it was trained, its threshold and its test metrics next to the baseline's.</summary>
internal sealed record ModelSummary(
    int Version, string? Alias, bool Loaded, string Candidate, DateTimeOffset CreatedAt, double Threshold, string ThresholdObjective,
    BinaryMetrics Test, BaselineCard Baseline, string FeatureSetVersion)
{
    public static ModelSummary Of(ModelCard card, string? alias, bool loaded) => new(
        card.Version, alias, loaded, card.Candidate, card.CreatedAt, card.Threshold.Value, card.Threshold.Objective, card.Test, card.Baseline, card.FeatureSetVersion);
}

/// <summary>One version in full: its card (model.json) and its training report (report.md).</summary>
internal sealed record ModelDetails(ModelSummary Summary, ModelCard Card, string? Report);

/// <summary>A promotion: which alias the version gets and why (recorded in aliases.json). Public for the validation generator.</summary>
public sealed record PromoteRequest(
    [property: Description("champion (default) or challenger."), AllowedValues(null, ModelAliases.Champion, ModelAliases.Challenger)] string? Alias,
    [property: Description("Why; required, kept in the registry's alias history."), Required(AllowEmptyStrings = false), StringLength(500)] string? Reason);
