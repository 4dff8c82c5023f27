// One JSON line per figure, compared with a baseline measured in the same run.
export interface Figure {
  bench: string;
  value: number;
  unit: string;
  baseline: string;
  baseline_value: number;
  ratio: number;
}

export function emit(f: Figure): void {
  process.stdout.write(`${JSON.stringify(f)}\n`);
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
