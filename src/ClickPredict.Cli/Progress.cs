using ClickPredict.Storage;
using Spectre.Console;

namespace ClickPredict.Cli;

/// <summary>Spectre progress for long work; silent when output is redirected.</summary>
internal static class Progress
{
    /// <summary>Progress over a known number of units (events generated, rows written).</summary>
    public static T Count<T>(string title, long total, Func<IProgress<long>, T> work) =>
        Bar().Start(context =>
        {
            var task = context.AddTask(title, maxValue: Math.Max(1, total));
            var result = work(new SynchronousProgress<long>(done => task.Value = done));
            task.Value = task.MaxValue;
            return result;
        });

    /// <summary>Progress through a stage's named steps, as the stage reports them.</summary>
    public static T Steps<T>(string title, Func<IProgress<StageProgress>, T> work) => Steps(title, p => (p.Step, p.Done, p.Total), work);

    /// <summary>Progress through a stage's named steps; <paramref name="describe"/> reads a report as (step, steps done, steps in all).</summary>
    public static T Steps<TReport, T>(string title, Func<TReport, (string Step, int Done, int Total)> describe, Func<IProgress<TReport>, T> work) =>
        Bar().Start(context =>
        {
            var task = context.AddTask(title);
            var result = work(new SynchronousProgress<TReport>(report =>
            {
                var (step, done, total) = describe(report);
                task.Description = $"{title}: {Markup.Escape(step)}";
                task.MaxValue = Math.Max(1, total);
                task.Value = done;
            }));
            task.Value = task.MaxValue;
            return result;
        });

    private static Spectre.Console.Progress Bar() =>
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn());
}

/// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, which posts to the thread pool.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
