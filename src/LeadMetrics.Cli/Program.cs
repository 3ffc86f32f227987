using LeadMetrics.Cli;

// The progress display needs a terminal on both streams: none when standard error or output is redirected.
// LEADMETRICS_PROGRESS_DELAY_MS (tests) sets how long a phase runs before it is shown (a second by default).
var delay = int.TryParse(Environment.GetEnvironmentVariable("LEADMETRICS_PROGRESS_DELAY_MS"), out var ms) && ms >= 0 ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
return CliApp.Run(args, Console.Out, Console.Error, interactive: !Console.IsErrorRedirected && !Console.IsOutputRedirected, progressDelay: delay);
