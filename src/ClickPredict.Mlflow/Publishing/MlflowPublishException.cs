namespace ClickPredict.Mlflow.Publishing;

/// <summary>Publishing a <see cref="TrainingRunRecord"/> stopped at one step; the message says which and why, in one line.</summary>
public sealed class MlflowPublishException : MlflowException
{
    /// <summary>Creates the exception for a failed step.</summary>
    /// <param name="runKey">The record's key.</param>
    /// <param name="step">What was being done, for example <c>log-batch of child run 'lgbm-weights'</c>.</param>
    /// <param name="inner">The failure.</param>
    public MlflowPublishException(string runKey, string step, MlflowException inner)
        : base($"MLflow publish of run '{runKey}' failed at {step}: {inner.Message}", inner.Endpoint, inner.StatusCode, inner.ErrorCode,
            inner.ServerMessage, inner.IsTransient, inner.Attempts, inner)
    {
        RunKey = runKey;
        Step = step;
    }

    /// <summary>The record's key.</summary>
    public string RunKey { get; }

    /// <summary>What was being done when it failed.</summary>
    public string Step { get; }
}
