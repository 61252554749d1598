using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace LiveGrpc.Server.Observability;

/// <summary>
/// Formats one collection of OpenTelemetry metrics as Prometheus text exposition format 0.0.4.
/// OpenTelemetry's own Prometheus exporter is not installable here; aggregation stays with the
/// OpenTelemetry SDK and only this formatting is ours.
/// </summary>
internal sealed class PrometheusTextExporter : BaseExporter<Metric>
{
    private StringBuilder? _output;

    /// <summary>Collects through <paramref name="reader"/> and returns the text; not thread-safe.</summary>
    public string Scrape(MetricReader reader)
    {
        _output = new StringBuilder();
        try
        {
            reader.Collect();
            return _output.ToString();
        }
        finally
        {
            _output = null;
        }
    }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        if (_output is null)
        {
            return ExportResult.Success;
        }
        foreach (var metric in batch)
        {
            Write(_output, metric);
        }
        return ExportResult.Success;
    }

    internal static void Write(StringBuilder output, Metric metric)
    {
        var isCounter = metric.MetricType is MetricType.LongSum or MetricType.DoubleSum;
        var name = PrometheusNames.MetricName(metric.Name, metric.Unit, isCounter);
        var type = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => "counter",
            MetricType.Histogram => "histogram",
            _ => "gauge",
        };
        if (!string.IsNullOrEmpty(metric.Description))
        {
            output.Append("# HELP ").Append(name).Append(' ').Append(PrometheusNames.EscapeHelp(metric.Description)).Append('\n');
        }
        output.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = new List<KeyValuePair<string, string>>();
            foreach (var tag in point.Tags)
            {
                labels.Add(new(PrometheusNames.LabelName(tag.Key), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
            }
            switch (metric.MetricType)
            {
                case MetricType.Histogram:
                    WriteHistogram(output, name, labels, point);
                    break;
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    WriteSample(output, name, labels, point.GetSumLong());
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    WriteSample(output, name, labels, point.GetSumDouble());
                    break;
                case MetricType.LongGauge:
                    WriteSample(output, name, labels, point.GetGaugeLastValueLong());
                    break;
                case MetricType.DoubleGauge:
                    WriteSample(output, name, labels, point.GetGaugeLastValueDouble());
                    break;
            }
        }
    }

    private static void WriteHistogram(StringBuilder output, string name, List<KeyValuePair<string, string>> labels, MetricPoint point)
    {
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            var bound = double.IsPositiveInfinity(bucket.ExplicitBound) ? "+Inf" : PrometheusNames.FormatDouble(bucket.ExplicitBound);
            WriteSample(output, name + "_bucket", [.. labels, new("le", bound)], cumulative);
        }
        WriteSample(output, name + "_sum", labels, point.GetHistogramSum());
        WriteSample(output, name + "_count", labels, point.GetHistogramCount());
    }

    private static void WriteSample(StringBuilder output, string name, List<KeyValuePair<string, string>> labels, double value)
    {
        output.Append(name);
        if (labels.Count > 0)
        {
            output.Append('{');
            for (var i = 0; i < labels.Count; i++)
            {
                if (i > 0)
                {
                    output.Append(',');
                }
                output.Append(labels[i].Key).Append("=\"").Append(PrometheusNames.EscapeLabelValue(labels[i].Value)).Append('"');
            }
            output.Append('}');
        }
        output.Append(' ').Append(PrometheusNames.FormatDouble(value)).Append('\n');
    }
}
