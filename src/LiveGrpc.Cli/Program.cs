using LiveGrpc.Cli;

// Ctrl-C cancels the running command (watch releases its session and exits 0); a second Ctrl-C
// falls through to the default handler and kills the process, in case the server never answers.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!interrupt.IsCancellationRequested)
    {
        e.Cancel = true;
        interrupt.Cancel();
    }
};
return await CliApp.RunAsync(args, CliEnvironment.FromConsole(), interrupt.Token);
