using ClickPredict.Api.Configuration;
using ClickPredict.Api.Dashboard;
using ClickPredict.Api.Docs;
using ClickPredict.Api.Health;
using ClickPredict.Api.LiveEvents;
using ClickPredict.Api.Models;
using ClickPredict.Api.Monitoring;
using ClickPredict.Api.PredictionLog;
using ClickPredict.Api.Predictions;
using ClickPredict.Api.Serving;

namespace ClickPredict.Api.Hosting;

/// <summary>The API host, built and run: the one definition that the API's entry point and `clickpredict serve` both run.</summary>
internal static class ApiApplication
{
    public static void Run(string[] args)
    {
        try
        {
            var builder = WebApplication.CreateBuilder(args);

            builder.AddApiOptions();
            builder.AddApiLogging();
            builder.AddProblems();
            builder.AddApiRateLimiting();
            builder.AddServingMetrics();
            builder.AddModelServing();
            builder.AddPredictionLog();
            builder.AddDriftMonitoring();
            builder.AddServingHealth();
            builder.AddApiDocs();
            builder.AddDashboard();

            var app = builder.Build();

            app.UseWarmUpOutsideMetrics();
            app.UseApiRequestLogging();
            app.UseProblems();
            app.UseRateLimiter();
            app.UseApiDocs();

            app.MapPredictions();
            app.MapLiveEvents();
            app.MapModels();
            app.MapMonitoring();
            app.MapServingHealth();
            app.MapServingMetrics();
            app.MapDashboard();

            app.Run();
        }
        catch (Exception e) when (e is not HostAbortedException)
        {
            // Before configuration is read (or when it is wrong) the configured logger does not exist yet.
            StartupLog.Fatal(e);
            throw;
        }
    }
}
