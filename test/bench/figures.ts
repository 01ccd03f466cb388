// Timing and formatting of benchmark figures: numbers in, table text out.

/** One line of a results table; targets carry their verdict. */
export interface Row {
  measure: string
  result: string
  target?: string
  /** A query plan that scans the videos table fails its row whatever its time. */
  verdict?: 'target met' | 'target missed' | 'FAIL (scans videos)'
}

/** A megabyte as the tables count it (10^6 bytes). */
export const MB = 1_000_000

/** Seconds a synchronous run takes. */
export function timed(run: () => void): number {
  const started = performance.now()
  run()
  return (performance.now() - started) / 1000
}

/** Seconds an asynchronous run takes. */
export async function timedAsync(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await run()
  return (performance.now() - started) / 1000
}

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** A target and whether it was met. */
export function target(met: boolean, goal: string): Pick<Row, 'target' | 'verdict'> {
  return { target: goal, verdict: met ? 'target met' : 'target missed' }
}

/** Bytes per second as "N MB/s (t s)". */
export function rate(bytes: number, secs: number): string {
  return `${count(bytes / MB / secs)} MB/s (${seconds(secs)})`
}

/** Files per second as "N files/s (t s)". */
export function filesRate(files: string[], secs: number): string {
  return `${count(files.length / secs)} files/s (${seconds(secs)})`
}

/** Seconds with two decimals. */
export function seconds(secs: number): string {
  return `${secs.toFixed(2)} s`
}

/** A ratio as a whole percentage. */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(0)}%`
}

/** Bytes as whole megabytes (10^6). */
export function mb(bytes: number): string {
  return count(bytes / MB)
}

/** A whole number with thousands separators. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

/** Prints which step runs now. */
export function progress(step: string): void {
  console.log(`… ${step}`)
}

/** Prints rows as an aligned table. */
export function printTable(rows: Row[]): void {
  const cells = [
    ['Measure', 'Result', 'Target', 'Verdict'],
    ...rows.map((row) => [row.measure, row.result, row.target ?? '', row.verdict ?? '']),
  ]
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)))
  const line = (values: string[]) =>
    values
      .map((value, column) => value.padEnd(widths[column]!))
      .join('  ')
      .trimEnd()
  console.log(line(cells[0]!))
  console.log(line(widths.map((width) => '-'.repeat(width))))
  for (const values of cells.slice(1)) console.log(line(values))
}

/** The nearest-rank percentile `p` (0–100) of some numbers: a value that occurred, never an interpolation. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values')
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!
}

/** Milliseconds with two decimals. */
export function millis(ms: number): string {
  return `${ms.toFixed(2)} ms`
}

/** What `npm run bench` hands each benchmark from its command line. */
export interface BenchOptions {
  /** `--fresh`: build cached inputs again rather than take them from the cache. */
  fresh: boolean
}
