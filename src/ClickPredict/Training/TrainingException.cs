namespace ClickPredict.Training;

/// <summary>Training cannot go on with what it was given; the message says what is wrong and what to do.</summary>
internal sealed class TrainingException(string message) : Exception(message);
