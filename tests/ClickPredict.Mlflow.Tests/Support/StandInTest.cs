using ClickPredict.Mlflow.StandIn;

namespace ClickPredict.Mlflow.Tests.Support;

/// <summary>Each test gets a fresh stand-in server and a client with millisecond retry delays.</summary>
public abstract class StandInTest : IAsyncLifetime
{
    internal MlflowStandInServer Server { get; private set; } = null!;
    internal MlflowClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await MlflowStandInServer.StartAsync();
        Client = Server.Client();
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
