using System.Globalization;
using ClickPredict.Api.Configuration;
using ClickPredict.Api.Hosting;
using ClickPredict.Api.Serving;
using ClickPredict.Features;
using ClickPredict.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Models;

internal static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModels(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models").WithTags("Models");
        group.MapGet("/", List).WithName("ListModels")
            .WithSummary("What is being served")
            .WithDescription("The loaded champion and challenger with their test metrics and thresholds, the online snapshot, and every registered version.");
        group.MapGet("/{aliasOrVersion}", Get).WithName("GetModel")
            .WithSummary("One model version in full")
            .WithDescription("champion, challenger or a version number: its model card (training, data, metrics, feature importance) and training report.");

        // With no key configured the admin endpoints do not exist: off, not open.
        if (app.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value.Enabled || Docs.DocsSetup.WritingDocument)
        {
            var admin = group.MapGroup("").AddEndpointFilter<AdminKeyFilter>();
            admin.MapPost("/reload", Reload).WithName("ReloadModels")
                .WithSummary("Reload champion, challenger and online snapshot (admin)")
                .WithDescription("Re-reads the registry's aliases and the lake's committed online snapshot and swaps them in atomically; requests keep flowing. Needs X-Api-Key.");
            admin.MapPost("/{version:int}/promote", Promote).WithName("PromoteModel")
                .WithSummary("Promote a version to champion or challenger (admin)")
                .WithDescription("Sets the alias in the registry (with the reason in its history), then reloads. Needs X-Api-Key.");
        }

        return app;
    }

    public static Results<Ok<ServingResponse>, ProblemHttpResult> List(ModelHost host) =>
        host.Current is { } state ? TypedResults.Ok(ServingResponse.Of(state, host.Registry)) : NotLoaded();

    public static Results<Ok<ModelDetails>, ProblemHttpResult> Get(string aliasOrVersion, ModelHost host)
    {
        if (host.Current is not { } state)
        {
            return NotLoaded();
        }

        if (ModelAliases.Names.Contains(aliasOrVersion))
        {
            return state.For(aliasOrVersion) is { } model
                ? TypedResults.Ok(Details(host.Registry, model.Card, aliasOrVersion, loaded: true))
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No model behind that alias.", detail: $"aliasOrVersion: {state.Name} has no {aliasOrVersion}.");
        }

        if (!int.TryParse(aliasOrVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an alias or a version.",
                detail: $"aliasOrVersion: '{aliasOrVersion}' is neither {string.Join(" nor ", ModelAliases.Names)} nor a version number.");
        }

        var registry = host.Registry;
        if (!registry.Versions(state.Name).Contains(version))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such version.",
                detail: $"aliasOrVersion: {state.Name} has no version {version}; it has {string.Join(", ", registry.Versions(state.Name))}.");
        }

        var loaded = state.Models().FirstOrDefault(m => m.Model.Version == version);
        return TypedResults.Ok(Details(registry, registry.Card(state.Name, version), loaded.Alias, loaded.Model is not null));
    }

    public static async Task<Results<Ok<ServingResponse>, ProblemHttpResult>> Reload(ModelHost host, CancellationToken cancel)
    {
        try
        {
            return TypedResults.Ok(ServingResponse.Of(await host.ReloadAsync(cancel), host.Registry));
        }
        catch (Exception e) when (e is RegistryException or FeaturesException or IOException or InvalidDataException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Reload failed; the previous models stay in service.", detail: e.Message);
        }
    }

    public static async Task<Results<Ok<ServingResponse>, ValidationProblem, ProblemHttpResult>> Promote(int version, PromoteRequest request, ModelHost host, CancellationToken cancel)
    {
        var alias = request.Alias ?? ModelAliases.Champion;
        var errors = new Dictionary<string, string[]>();
        if (!ModelAliases.Names.Contains(alias))
        {
            errors["alias"] = [$"'{alias}' is not an alias; use {string.Join(" or ", ModelAliases.Names)}."];
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            errors["reason"] = ["A reason is required; it is recorded in the registry's alias history."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The promotion is not valid.");
        }

        try
        {
            return TypedResults.Ok(ServingResponse.Of(await host.PromoteAsync(version, alias, request.Reason!, cancel), host.Registry));
        }
        catch (Exception e) when (e is RegistryException or FeaturesException or IOException or InvalidDataException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Promotion failed.", detail: e.Message);
        }
    }

    private static ModelDetails Details(ModelRegistry registry, ModelCard card, string? alias, bool loaded)
    {
        var report = Path.Combine(registry.VersionFolder(card.Name, card.Version), "report.md");
        return new ModelDetails(ModelSummary.Of(card, alias, loaded), card, File.Exists(report) ? File.ReadAllText(report) : null);
    }

    private static ProblemHttpResult NotLoaded() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No model is loaded.",
            detail: "See /health/ready; POST /v1/models/reload loads one once it is trained.");
}
