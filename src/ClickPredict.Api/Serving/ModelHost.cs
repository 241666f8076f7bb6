using ClickPredict.Api.Configuration;
using ClickPredict.Api.Monitoring;
using ClickPredict.Features;
using ClickPredict.Registry;
using ClickPredict.Storage;
using Microsoft.Extensions.Options;
using Microsoft.ML;

namespace ClickPredict.Api.Serving;

/// <summary>
/// Holds the <see cref="ServingState"/> requests score with and replaces it whole: a reload builds
/// the next state off to the side (reusing versions and the snapshot that did not change) and
/// publishes it with one reference write, so a request sees either the old state or the new one.
/// Reloads and promotions are serialised.
/// </summary>
internal sealed class ModelHost(IOptions<ServingOptions> options, ServingMetrics metrics, ILogger<ModelHost> log)
{
    private readonly MLContext ml = new(seed: 0);
    private readonly SemaphoreSlim changing = new(1, 1);
    private readonly ServingOptions serving = options.Value;
    private ServingState? current;

    /// <summary>The state to score with, or null until a model and snapshot have loaded.</summary>
    public ServingState? Current => Volatile.Read(ref current);

    public ModelRegistry Registry => new(serving.ModelsFolder);

    public Task<ServingState> ReloadAsync(CancellationToken cancel = default) => ChangeAsync(() => { }, cancel);

    /// <summary>Points <paramref name="alias"/> at <paramref name="version"/> in the registry, then reloads.</summary>
    public Task<ServingState> PromoteAsync(int version, string alias, string reason, CancellationToken cancel = default) =>
        ChangeAsync(() => Registry.SetAlias(serving.ModelName, alias, version, reason, "api"), cancel);

    /// <summary>Replaces only the snapshot, keeping the models: tests pin user and item history as of a session's start.</summary>
    internal void UseSnapshot(OnlineSnapshot snapshot)
    {
        var state = Current ?? throw new InvalidOperationException("No model is loaded.");
        Publish(state with { Snapshot = snapshot, Generation = state.Generation + 1 });
    }

    private async Task<ServingState> ChangeAsync(Action change, CancellationToken cancel)
    {
        await changing.WaitAsync(cancel);
        try
        {
            return await Task.Run(() =>
            {
                change();
                var next = Build(Current);
                Publish(next);
                log.LogInformation("Serving {Model} champion v{Champion}, challenger {Challenger}, snapshot {Snapshot} ({Users} users)",
                    next.Name, next.Champion.Version, next.Challenger?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none",
                    next.Snapshot.BuildId, next.Snapshot.UserCount);
                return next;
            }, cancel);
        }
        finally
        {
            changing.Release();
        }
    }

    private ServingState Build(ServingState? previous)
    {
        var registry = Registry;
        var name = serving.ModelName;
        var aliases = registry.Aliases(name);
        var champion = aliases.ChampionVersion
            ?? throw new RegistryException($"Model {name} in {registry.Root} has no champion; train one or promote a version.");
        var lake = new Lake(serving.LakeFolder);
        var build = FeaturesManifest.Load(lake)?.BuildId;
        var snapshot = previous is not null && previous.Snapshot.BuildId == build ? previous.Snapshot : OnlineSnapshot.Load(lake);
        return new ServingState(
            name,
            Reuse(previous, name, champion) ?? LoadedModel.Load(ml, registry, name, champion, serving.EnginesPerModel),
            aliases.ChallengerVersion is { } challenger
                ? Reuse(previous, name, challenger) ?? LoadedModel.Load(ml, registry, name, challenger, serving.EnginesPerModel)
                : null,
            snapshot,
            DateTimeOffset.UtcNow,
            (previous?.Generation ?? 0) + 1);
    }

    private static LoadedModel? Reuse(ServingState? previous, string name, int version) =>
        previous is null || previous.Name != name ? null : previous.Models().Select(m => m.Model).FirstOrDefault(m => m.Version == version);

    private void Publish(ServingState next)
    {
        Volatile.Write(ref current, next);
        metrics.Loaded(next);
    }
}
