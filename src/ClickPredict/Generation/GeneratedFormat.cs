namespace ClickPredict.Generation;

internal enum GeneratedFormat
{
    Csv,
    Parquet,
}
