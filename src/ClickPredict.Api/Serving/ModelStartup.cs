using ClickPredict.Features;
using ClickPredict.Registry;

namespace ClickPredict.Api.Serving;

/// <summary>
/// Loads the model and snapshot before the server takes requests. A failure is logged, not fatal:
/// the API starts not ready, and an admin reload can load a model trained later.
/// </summary>
internal sealed class ModelStartup(ModelHost host, ILogger<ModelStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await host.ReloadAsync(cancellationToken);
        }
        catch (Exception e) when (e is RegistryException or FeaturesException or IOException or InvalidDataException)
        {
            log.LogError("No model loaded at start-up, /health/ready will fail until a reload succeeds: {Reason}", e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
