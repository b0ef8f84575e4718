/**
 * A small Prometheus registry (text exposition format 0.0.4) with counters,
 * gauges and histograms. Other server code registers its own metrics on the
 * registry that `createKeelServer` exposes at `/metrics`.
 *
 * NOTE: values live in process memory, so each instance reports its own
 * numbers; Prometheus sums them across instances at query time.
 *
 * @module
 */

export type Labels = Record<string, string | number>;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const DEFAULT_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricOptions {
  name: string;
  help: string;
  labelNames?: readonly string[];
}

export interface HistogramOptions extends MetricOptions {
  /** Upper bounds in the metric's unit, ascending. [default: DEFAULT_DURATION_BUCKETS] */
  buckets?: readonly number[];
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}

abstract class Metric {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];

  constructor(options: MetricOptions) {
    if (!METRIC_NAME.test(options.name)) throw new TypeError(`Metric name "${options.name}" is invalid.`);
    for (const label of options.labelNames ?? []) {
      if (!LABEL_NAME.test(label) || label.startsWith('__')) {
        throw new TypeError(`Label name "${label}" on metric ${options.name} is invalid.`);
      }
    }
    this.name = options.name;
    this.help = options.help;
    this.labelNames = [...(options.labelNames ?? [])];
  }

  protected key(labels: Labels = {}): string {
    for (const name of Object.keys(labels)) {
      if (!this.labelNames.includes(name)) {
        throw new TypeError(`Metric ${this.name} has no label "${name}".`);
      }
    }
    return JSON.stringify(this.labelNames.map((name) => String(labels[name] ?? '')));
  }

  protected formatLabels(key: string, extra?: [string, string]): string {
    const values = JSON.parse(key) as string[];
    const pairs = this.labelNames.map((name, index) => `${name}="${escapeLabelValue(values[index] ?? '')}"`);
    if (extra) pairs.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
    return pairs.length > 0 ? `{${pairs.join(',')}}` : '';
  }

  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  abstract samples(): string[];

  render(): string {
    return [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`, ...this.samples()].join('\n');
  }
}

export class Counter extends Metric {
  readonly type = 'counter' as const;
  private values = new Map<string, number>();

  inc(labels?: Labels, amount = 1): void {
    if (!(amount >= 0)) throw new RangeError(`Counter ${this.name} cannot be increased by ${amount}.`);
    const key = this.key(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + amount);
  }

  get(labels?: Labels): number {
    return this.values.get(this.key(labels)) ?? 0;
  }

  samples(): string[] {
    return [...this.values].map(([key, value]) => `${this.name}${this.formatLabels(key)} ${formatNumber(value)}`);
  }
}

export class Gauge extends Metric {
  readonly type = 'gauge' as const;
  private values = new Map<string, number>();

  set(labels: Labels | undefined, value: number): void {
    this.values.set(this.key(labels), value);
  }

  inc(labels?: Labels, amount = 1): void {
    const key = this.key(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + amount);
  }

  dec(labels?: Labels, amount = 1): void {
    this.inc(labels, -amount);
  }

  get(labels?: Labels): number {
    return this.values.get(this.key(labels)) ?? 0;
  }

  samples(): string[] {
    return [...this.values].map(([key, value]) => `${this.name}${this.formatLabels(key)} ${formatNumber(value)}`);
  }
}

interface HistogramSeries {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends Metric {
  readonly type = 'histogram' as const;
  readonly buckets: readonly number[];
  private series = new Map<string, HistogramSeries>();

  constructor(options: HistogramOptions) {
    super(options);
    if (options.labelNames?.includes('le')) throw new TypeError(`Histogram ${options.name} cannot use the label "le".`);
    const buckets = [...(options.buckets ?? DEFAULT_DURATION_BUCKETS)];
    for (let index = 1; index < buckets.length; index += 1) {
      if (!((buckets[index] as number) > (buckets[index - 1] as number))) {
        throw new TypeError(`Histogram ${options.name} buckets must be ascending.`);
      }
    }
    this.buckets = buckets;
  }

  observe(labels: Labels | undefined, value: number): void {
    const key = this.key(labels);
    let series = this.series.get(key);
    if (!series) {
      series = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    this.buckets.forEach((bound, index) => {
      if (value <= bound) series.counts[index] = (series.counts[index] ?? 0) + 1;
    });
    series.sum += value;
    series.count += 1;
  }

  /** Number of observations recorded for `labels`. */
  count(labels?: Labels): number {
    return this.series.get(this.key(labels))?.count ?? 0;
  }

  samples(): string[] {
    const lines: string[] = [];
    for (const [key, series] of this.series) {
      this.buckets.forEach((bound, index) => {
        lines.push(`${this.name}_bucket${this.formatLabels(key, ['le', formatNumber(bound)])} ${series.counts[index] ?? 0}`);
      });
      lines.push(`${this.name}_bucket${this.formatLabels(key, ['le', '+Inf'])} ${series.count}`);
      lines.push(`${this.name}_sum${this.formatLabels(key)} ${formatNumber(series.sum)}`);
      lines.push(`${this.name}_count${this.formatLabels(key)} ${series.count}`);
    }
    return lines;
  }
}

/**
 * A set of named metrics rendered together. Asking for a metric that already
 * exists with the same type returns the existing one, so modules can register
 * their metrics lazily without coordinating.
 */
export class MetricsRegistry {
  private metrics = new Map<string, Metric>();

  counter(options: MetricOptions): Counter {
    return this.getOrCreate(options, 'counter', () => new Counter(options)) as Counter;
  }

  gauge(options: MetricOptions): Gauge {
    return this.getOrCreate(options, 'gauge', () => new Gauge(options)) as Gauge;
  }

  histogram(options: HistogramOptions): Histogram {
    return this.getOrCreate(options, 'histogram', () => new Histogram(options)) as Histogram;
  }

  /** Render every metric in the Prometheus text format. */
  render(): string {
    const blocks = [...this.metrics.values()].map((metric) => metric.render());
    return blocks.length > 0 ? `${blocks.join('\n')}\n` : '';
  }

  private getOrCreate(options: MetricOptions, type: Metric['type'], create: () => Metric): Metric {
    const existing = this.metrics.get(options.name);
    if (existing) {
      const sameLabels = existing.labelNames.join(',') === (options.labelNames ?? []).join(',');
      if (existing.type !== type || !sameLabels) {
        throw new TypeError(`Metric ${options.name} is already registered as a ${existing.type} with other labels.`);
      }
      return existing;
    }
    const metric = create();
    this.metrics.set(options.name, metric);
    return metric;
  }
}

/** Content type of the Prometheus text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
