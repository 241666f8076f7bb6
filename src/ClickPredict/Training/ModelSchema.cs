using Microsoft.ML;
using Microsoft.ML.Data;

namespace ClickPredict.Training;

/// <summary>What a model reads: the feature vector in catalog order. Shared by the trainer and every scorer.</summary>
internal sealed class ModelInput
{
    public float[] Features { get; set; } = [];
}

/// <summary>What a model answers, before <see cref="ScoreCorrection"/>.</summary>
internal sealed class ModelOutput
{
    public float Probability { get; set; }

    public float Score { get; set; }
}

/// <summary>Column names and schemas shared by the trainer, the batch scorer and prediction engines.</summary>
internal static class ModelSchema
{
    public const string Features = nameof(ModelInput.Features);
    public const string Label = "Label";
    public const string Weight = "Weight";

    public static SchemaDefinition InputSchema(int featureCount) => WithVectorSize(SchemaDefinition.Create(typeof(ModelInput)), featureCount);

    /// <summary>Training rows; positives weigh <paramref name="positiveWeight"/>, negatives 1.</summary>
    public static IDataView Training(ExampleTable table, float positiveWeight = 1) => new ExampleDataView(table, positiveWeight);

    /// <summary>Features only, as a scorer reads them.</summary>
    public static IDataView Input(ExampleTable table) => new ExampleDataView(table, withLabel: false);

    private static SchemaDefinition WithVectorSize(SchemaDefinition schema, int featureCount)
    {
        schema[Features].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }
}
