using ClickPredict.Api.Predictions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClickPredict.Benchmarks;

/// <summary>
/// The HTTP ceiling for the load scenario: a bare minimal API that binds the same request body as
/// POST /v1/predictions and returns fixed JSON, with no logging, metrics or scoring.
/// </summary>
internal static class CeilingServer
{
    private static readonly PredictionResponse Fixed = new(0.25, PredictionResponse.NoPurchase, 0.3, new ModelRef("ceiling", 1, "champion"), "fs-ceiling");

    public static int Run(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/v1/predictions", (PredictionRequest request) => TypedResults.Ok(request.Events?.Count > 0 ? Fixed : Fixed with { Probability = 0 }));
        app.MapGet("/health/ready", () => "Healthy");
        app.Run();
        return 0;
    }
}
