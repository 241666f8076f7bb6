namespace ClickPredict.Cli;

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int Usage = 2;
    public const int ValidationRejected = 3;

    /// <summary>A monitoring alert the caller asked to fail on: ingest quality (--fail-on-alert) or drift (--fail-on-drift).</summary>
    public const int MonitoringAlert = 4;

    /// <summary>train: the chosen model does not beat chance or the base rate on test; it is registered as rejected and not aliased.</summary>
    public const int ModelRejected = 5;
}
