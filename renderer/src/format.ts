export { formatBytes } from '../../shared/byte-size'

/** An ISO time in the user's locale, or the text itself when it does not parse. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}

/** A length in seconds as a clock figure: 2.04 → "0:02", 3725 → "1:02:05". */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds)
  const pad = (n: number) => String(n).padStart(2, '0')
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60]
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`
}

/** "1 asset", "2 assets", "1,200 assets". */
export function plural(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n.toLocaleString()} ${many}`
}
