using ClickPredict.Registry;
using ClickPredict.Training;

namespace ClickPredict.Tests.Registry;

public class PromotionTests(TrainedLake lake) : IClassFixture<TrainedLake>
{
    private const string Name = TrainOptions.DefaultModelName;

    [Fact]
    public void A_new_model_becomes_champion_only_by_beating_the_champion_on_the_same_test_window()
    {
        var registry = lake.NewRegistry();
        // One boosting round: a weak first champion. Then a real model, then the same real model again.
        var weak = TrainedLake.Options("lightgbm/none") with { Iterations = 1 };
        var strong = TrainedLake.Options("lightgbm/none");

        var first = ModelRegistration.Register(registry, lake.Train(weak), weak);
        var second = ModelRegistration.Register(registry, lake.Train(strong), strong);
        var third = ModelRegistration.Register(registry, lake.Train(strong), strong);

        Assert.Equal((ModelAliases.Champion, "first model of this name: there was no champion"), (first.Alias, first.Reason));
        Assert.Equal(ModelAliases.Champion, second.Alias);
        Assert.Contains("beats champion v1's", second.Reason, StringComparison.Ordinal);
        Assert.Equal(ModelAliases.Challenger, third.Alias);
        Assert.Contains("does not beat champion v2's", third.Reason, StringComparison.Ordinal);
        var aliases = registry.Aliases(Name);
        Assert.Equal((2, 3), (aliases.ChampionVersion, aliases.ChallengerVersion));
        Assert.Equal([1, 2, 3], aliases.History.Select(h => h.Version));
        Assert.Equal([null, 1, null], aliases.History.Select(h => h.Previous));
    }

    [Fact]
    public void A_champion_on_another_feature_set_cannot_be_compared_so_the_new_model_is_challenger()
    {
        var registry = lake.NewRegistry();
        var options = TrainedLake.Options("lightgbm/none");
        ModelRegistration.Register(registry, lake.Train(options), options);
        registry.UpdateCard(registry.Card(Name, 1) with { FeatureSetVersion = "fs-older" });

        var second = ModelRegistration.Register(registry, lake.Train(options), options);

        Assert.Equal(ModelAliases.Challenger, second.Alias);
        Assert.Contains("feature set fs-older", second.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Promote_by_hand_overrides_the_rule_and_records_the_reason()
    {
        var registry = lake.NewRegistry();
        var options = TrainedLake.Options("logistic-regression/none");
        ModelRegistration.Register(registry, lake.Train(options), options);
        ModelRegistration.Register(registry, lake.Train(options), options);

        var aliases = registry.SetAlias(Name, ModelAliases.Champion, 2, "A/B test won on revenue", "promote");

        Assert.Equal((2, (int?)null), (aliases.ChampionVersion, aliases.ChallengerVersion));
        Assert.Equal(new AliasChange(aliases.History[^1].At, ModelAliases.Champion, 2, 1, "A/B test won on revenue", "promote"), aliases.History[^1]);
        Assert.Equal(aliases, registry.Aliases(Name) with { History = aliases.History });
        Assert.Throws<RegistryException>(() => registry.SetAlias(Name, ModelAliases.Champion, 1, " ", "promote"));
        Assert.Throws<RegistryException>(() => registry.SetAlias(Name, ModelAliases.Challenger, 2, "demote", "promote"));
        Assert.Throws<RegistryException>(() => registry.SetAlias(Name, ModelAliases.Champion, 9, "no such version", "promote"));
    }

    [Fact]
    public void References_resolve_by_alias_and_version_and_explain_what_is_missing()
    {
        var registry = lake.NewRegistry();
        var options = TrainedLake.Options("logistic-regression/none");
        ModelRegistration.Register(registry, lake.Train(options), options);

        Assert.Equal((Name, 1), registry.Resolve(Name));
        Assert.Equal((Name, 1), registry.Resolve($"{Name}@champion"));
        Assert.Equal((Name, 1), registry.Resolve($"{Name}@1"));
        Assert.Contains("has no challenger", Assert.Throws<RegistryException>(() => registry.Resolve($"{Name}@challenger")).Message, StringComparison.Ordinal);
        Assert.Contains("has no version 4; it has 1", Assert.Throws<RegistryException>(() => registry.Resolve($"{Name}@4")).Message, StringComparison.Ordinal);
        Assert.Contains("No model named 'other'", Assert.Throws<RegistryException>(() => registry.Resolve("other")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_does_not_clear_chance_or_the_base_rate_is_registered_rejected_never_aliased_and_promoted_only_by_force()
    {
        var registry = lake.NewRegistry();
        var options = TrainedLake.Options("logistic-regression/none");
        var trained = lake.Train(options);
        var chance = trained with { Chosen = trained.Chosen with { Test = trained.Chosen.Test with { RocAucInterval = new MetricInterval(0.47, 0.56, 200) } } };
        var baseRate = trained with { Chosen = trained.Chosen with { Test = trained.Chosen.Test with { PrAuc = trained.Chosen.Test.BaseRate } } };

        var first = ModelRegistration.Register(registry, chance, options);
        var second = ModelRegistration.Register(registry, baseRate, options);

        Assert.Equal(ModelAliases.Rejected, first.Alias);
        Assert.StartsWith("its test ROC-AUC", first.Reason, StringComparison.Ordinal);
        Assert.Contains("(95 % interval 0.470 to 0.560) does not clear chance (0.5)", first.Reason, StringComparison.Ordinal);
        Assert.Equal(ModelAliases.Rejected, second.Alias);
        Assert.Contains("does not clear the base rate", second.Reason, StringComparison.Ordinal);
        Assert.Equal(first.Reason, registry.Card(Name, 1).Rejected);
        Assert.Null(registry.Aliases(Name).ChampionVersion);
        var refused = Assert.Throws<RegistryException>(() => registry.SetAlias(Name, ModelAliases.Champion, 1, "looks fine to me", "promote"));
        Assert.Contains("was rejected at training", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, registry.SetAlias(Name, ModelAliases.Champion, 1, "forced: a demo", "promote", force: true).ChampionVersion);

        var healthy = ModelRegistration.Register(registry, trained, options);
        Assert.NotEqual(ModelAliases.Rejected, healthy.Alias);
        Assert.Null(healthy.Card.Rejected);
        Assert.True(healthy.Card.Test.RocAucInterval!.Low > 0.5);
        Assert.True(healthy.Card.Test.PrAucInterval!.Contains(healthy.Card.Test.PrAuc));
    }
}
