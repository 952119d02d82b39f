using Strata.Compilation;
using Strata.Losses;
using Strata.Metrics;
using Strata.Optimizers;

namespace Strata;

/// <summary>
/// What Compile fixes: the optimizer, one loss (and weight) per output, and the metrics of each
/// output, resolved at the first batch ("accuracy" needs the shapes), plus the running loss means.
/// It computes the total loss of a batch and keeps the logs Keras prints.
/// </summary>
internal sealed class CompiledTraining
{
    private readonly Loss[] _losses;
    private readonly float[] _lossWeights;
    private readonly MetricSpec[][] _metricSpecs; // per output: the same list for every output unless Compile gave one each
    private readonly string[] _outputNames;
    private Metric[][]? _metrics;
    private readonly RunningMean _loss = new();
    private readonly RunningMean[] _outputLosses;

    public CompiledTraining(Optimizer optimizer, Loss[] losses, float[] lossWeights, MetricSpec[][] metrics, string[] outputNames, bool metricsPerOutput = false)
    {
        Optimizer = optimizer;
        _losses = losses;
        _lossWeights = lossWeights;
        _metricSpecs = metrics;
        MetricsPerOutput = metricsPerOutput;
        _outputNames = outputNames;
        _outputLosses = outputNames.Select(_ => new RunningMean()).ToArray();
        if (!metricsPerOutput && outputNames.Length > 1 && metrics[0].Any(m => m.Metric is not null))
        {
            throw new ArgumentException("Compile: metric objects can only be given to a single-output model; for several outputs, name the metrics (e.g. \"accuracy\") so each output gets its own, or give each output its own list.");
        }
    }

    /// <summary>Whether Compile gave each output its own metrics (Keras's list of lists, or a dictionary by output name).</summary>
    public bool MetricsPerOutput { get; }

    public Optimizer Optimizer { get; }

    /// <summary>One loss per output, as Compile was given them (the same object for every output when one loss was given).</summary>
    public IReadOnlyList<Loss> Losses => _losses;

    public IReadOnlyList<float> LossWeights => _lossWeights;

    /// <summary>The metrics as Compile was given them (the first output's when each has its own): names still unresolved, objects as they are.</summary>
    public IReadOnlyList<MetricSpec> MetricSpecs => _metricSpecs[0];

    /// <summary>Each output's metrics.</summary>
    public IReadOnlyList<IReadOnlyList<MetricSpec>> OutputMetricSpecs => _metricSpecs;

    /// <summary>The weighted sum of the outputs' losses plus the layers' regularization penalties (differentiable).</summary>
    public (Tensor Total, Tensor[] PerOutput) ComputeLoss(Tensor[] y, Tensor[] predictions, Tensor? sampleWeight, IReadOnlyList<Tensor> regularization)
    {
        var perOutput = new Tensor[predictions.Length];
        Tensor total = Tensor.Scalar(0f);
        for (int i = 0; i < predictions.Length; i++)
        {
            perOutput[i] = _losses[i].Call(y[i], predictions[i], sampleWeight);
            total += _lossWeights[i] == 1f ? perOutput[i] : perOutput[i] * _lossWeights[i];
        }
        foreach (Tensor penalty in regularization) total += penalty;
        return (total, perOutput);
    }

    /// <summary>Adds a batch to the running loss and metrics.</summary>
    public void Update(Tensor[] y, Tensor[] predictions, Tensor? sampleWeight, Tensor total, Tensor[] perOutput, int batchSize)
    {
        // The running means are host state: in a compiled step, one host step adds the replayed losses.
        // Each loss weighted by the batch's size, and the size: terms that add up over batches (and over ranks).
        Tensor[] losses = [total, .. perOutput];
        int outputs = perOutput.Length;
        Trace.HostSums("AddLosses", losses, [.. losses.Select((_, i) => new SumPart(i, SumTerm.Values, batchSize)), new SumPart(0, SumTerm.Rows, batchSize)], sums =>
        {
            double samples = sums[^1];
            _loss.AddSum(sums[0], samples);
            for (int i = 0; i < outputs && outputs > 1; i++) _outputLosses[i].AddSum(sums[i + 1], samples);
        });
        _metrics ??= predictions.Select((p, i) => ResolveFor(i, y[i].Shape, p.Shape)).ToArray();
        for (int i = 0; i < predictions.Length; i++)
        {
            foreach (Metric m in _metrics[i]) UpdateMetric(m, y[i], predictions[i], sampleWeight);
        }
    }

    /// <summary>
    /// A metric's update: mean metrics compute their values with ops (compiled with the step) and only
    /// sum on the host; any other metric (counts, a user's own) runs whole as a host step.
    /// </summary>
    private static void UpdateMetric(Metric m, Tensor y, Tensor prediction, Tensor? sampleWeight)
    {
        if (m is MeanMetricWrapper)
        {
            m.UpdateState(y, prediction, sampleWeight);
            return;
        }
        Trace.Host($"{m.Name}.UpdateState", sampleWeight is null ? [y, prediction] : [y, prediction, sampleWeight],
            t => m.UpdateState(t[0], t[1], t.Length > 2 ? t[2] : null));
    }

    /// <summary>The running values, named as Keras logs them and sorted as Keras prints them.</summary>
    public Dictionary<string, double> Logs()
    {
        // Fit asks after every batch, so the sorted names and their sources are worked out once (when the
        // metrics are known) and each call allocates only the dictionary it returns.
        (string Name, Func<double> Value)[] entries = _logEntries ?? LogEntries();
        if (_metrics is not null) _logEntries = entries;
        var logs = new Dictionary<string, double>(entries.Length);
        foreach ((string name, Func<double> value) in entries) logs[name] = value();
        return logs;
    }

    private (string Name, Func<double> Value)[]? _logEntries;

    private (string Name, Func<double> Value)[] LogEntries()
    {
        var entries = new List<(string Name, Func<double> Value)> { ("loss", () => _loss.Value) };
        for (int i = 0; i < _outputNames.Length && _outputNames.Length > 1; i++)
        {
            RunningMean mean = _outputLosses[i];
            entries.Add(($"{_outputNames[i]}_loss", () => mean.Value));
        }
        for (int i = 0; i < (_metrics?.Length ?? 0); i++)
        {
            foreach (Metric m in _metrics![i]) entries.Add((MetricName(i, m), m.Result));
        }
        // Sorted as Keras prints them; a later entry of the same name wins, as a dictionary assignment would.
        return entries.Select((e, order) => (e, order)).GroupBy(x => x.e.Name).Select(g => g.Last().e)
            .OrderBy(e => e.Name, StringComparer.Ordinal).ToArray();
    }

    public void Reset()
    {
        _loss.Reset();
        foreach (RunningMean m in _outputLosses) m.Reset();
        foreach (Metric m in _metrics?.SelectMany(ms => ms) ?? []) m.ResetState();
    }

    private string MetricName(int output, Metric m) => _outputNames.Length > 1 ? $"{_outputNames[output]}_{m.Name}" : m.Name;

    private Metric[] ResolveFor(int output, Shape y, Shape prediction) =>
        _metricSpecs[output].Select(spec => spec.Metric ?? Metric.Resolve(spec.Name!, y, prediction, _losses[output])).ToArray();

    public int OutputCount => _losses.Length;

    public Loss OutputLoss(int output) => _losses[output];

    /// <summary>A mean weighted by batch sizes, in double precision (Keras's loss tracker).</summary>
    private sealed class RunningMean
    {
        private double _sum, _weight;

        public double Value => _weight == 0 ? 0 : _sum / _weight;

        /// <summary>Adds a sum of values (each already times its weight) and the weights' sum.</summary>
        public void AddSum(double sum, double weight)
        {
            _sum += sum;
            _weight += weight;
        }

        public void Reset() => _sum = _weight = 0;
    }
}
