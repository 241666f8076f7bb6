using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using ClickPredict.Storage;

namespace ClickPredict.Sessions;

/// <summary>How <see cref="OrderedBronze"/> numbers the ids it reads, on threads of their own.</summary>
internal sealed partial class OrderedBronze
{
    /// <summary>One chunk's ids, copied out for <see cref="Lookups"/>.</summary>
    private sealed class Batch
    {
        public const int Rows = 2048;

        public int First { get; private set; }

        public int Size { get; private set; }

        /// <summary>How many of the lookups still read the batch.</summary>
        public int Readers;

        public DetachedText Texts { get; } = new();

        public UInt128[] Users { get; private set; } = new UInt128[Rows];

        public UInt128[] SessionIds { get; private set; } = new UInt128[Rows];

        public UInt128[] Items { get; private set; } = new UInt128[Rows];

        public UInt128[] Categories { get; private set; } = new UInt128[Rows];

        public UInt128[] Brands { get; private set; } = new UInt128[Rows];

        public void Start(int first, int size)
        {
            (First, Size, Readers) = (first, size, 2);
            Texts.Clear();
            if (size > Users.Length)
            {
                (Users, SessionIds, Items, Categories, Brands) =
                    (new UInt128[size], new UInt128[size], new UInt128[size], new UInt128[size], new UInt128[size]);
            }
        }
    }

    /// <summary>
    /// Numbers the ids of each batch on two threads while the reader copies the next chunk: one the
    /// users and session ids, the other the items, categories and brands (each thread owns its
    /// <see cref="IdNumbers"/>, so none is shared).
    /// </summary>
    private sealed class Lookups
    {
        private const int Queued = 32;

        private readonly OrderedBronze bronze;
        private readonly BlockingCollection<Batch> sessionQueue = new(Queued);
        private readonly BlockingCollection<Batch> itemQueue = new(Queued);
        private readonly ConcurrentBag<Batch> free = [];
        private readonly CancellationTokenSource failed = new();
        private readonly Task sessionTask;
        private readonly Task itemTask;
        private bool finished;

        public Lookups(OrderedBronze bronze)
        {
            this.bronze = bronze;
            sessionTask = Run(sessionQueue, NumberSessions);
            itemTask = Run(itemQueue, NumberItems);
        }

        public Batch Rent() => free.TryTake(out var batch) ? batch : new Batch();

        public void Post(Batch batch)
        {
            try
            {
                sessionQueue.Add(batch, failed.Token);
                itemQueue.Add(batch, failed.Token);
            }
            catch (OperationCanceledException)
            {
                Finish();
                throw;
            }
        }

        /// <summary>Waits for every batch posted; throws what a lookup thread threw.</summary>
        public void Finish()
        {
            if (finished)
            {
                return;
            }

            finished = true;
            sessionQueue.CompleteAdding();
            itemQueue.CompleteAdding();
            try
            {
                Task.WaitAll(sessionTask, itemTask);
            }
            catch (AggregateException e)
            {
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
            finally
            {
                failed.Dispose();
                sessionQueue.Dispose();
                itemQueue.Dispose();
            }
        }

        private Task Run(BlockingCollection<Batch> queue, Action<Batch> number) => Task.Factory.StartNew(
            () =>
            {
                try
                {
                    foreach (var batch in queue.GetConsumingEnumerable())
                    {
                        number(batch);
                        if (Interlocked.Decrement(ref batch.Readers) == 0)
                        {
                            free.Add(batch);
                        }
                    }
                }
                catch
                {
                    failed.Cancel();
                    throw;
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        private void NumberSessions(Batch batch)
        {
            var users = bronze.users;
            for (var row = 0; row < batch.Size; row++)
            {
                bronze.userOf[batch.First + row] = users.Number(batch.Users[row], batch.Texts);
                bronze.sessionIds[batch.First + row] = Number(bronze.SessionIds, batch.SessionIds[row], batch.Texts);
            }
        }

        private void NumberItems(Batch batch)
        {
            for (var row = 0; row < batch.Size; row++)
            {
                var r = batch.First + row;
                bronze.items[r] = Number(bronze.Values, batch.Items[row], batch.Texts);
                bronze.categories[r] = Number(bronze.Values, batch.Categories[row], batch.Texts);
                bronze.brands[r] = Number(bronze.Values, batch.Brands[row], batch.Texts);
            }
        }

        private static int Number(IdNumbers numbers, UInt128 value, DetachedText texts) =>
            value == DetachedText.Null ? NoId : numbers.Number(value, texts);
    }
}
