using LeadMetrics.Samples.Scoring;

// Scores a handful of leads with the ICP model in icp-model.json, prints each explanation, then
// checks on a synthetic history whether the score predicts and learns a naive-Bayes model.
var modelPath = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "icp-model.json");
ScoringSample.Run(Console.Out, modelPath);
