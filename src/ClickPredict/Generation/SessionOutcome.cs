namespace ClickPredict.Generation;

internal readonly record struct SessionOutcome(long EndUnixMs, bool Purchased, bool AbandonedCart);
