/**
 * A tick of the time ruler: where, and its label (null for a minor tick, or one with no room), which
 * starts at the tick, as editors' rulers do, or ends at it where it would otherwise cross the right edge.
 */
export interface RulerTick {
  time: number
  label: string | null
  align: 'start' | 'end'
}

/** The ruler for a span and a width: labelled ticks every `step` seconds, unlabelled ones every `minor`. */
export interface Ruler {
  step: number
  minor: number
  ticks: RulerTick[]
}

// Labelled steps people count in, each with the minor step between its labels.
const STEPS: Array<[number, number]> = [
  [0.1, 0.05],
  [0.2, 0.1],
  [0.5, 0.1],
  [1, 0.2],
  [2, 0.5],
  [5, 1],
  [10, 2],
  [15, 5],
  [30, 10],
  [60, 15],
  [120, 30],
  [300, 60],
  [600, 120],
  [900, 300],
  [1800, 600],
  [3600, 900],
  [7200, 1800],
  [18000, 3600],
  [36000, 7200],
]
// Room a label needs per character at the ruler's 0.7rem, and between two labels.
const CHAR_PX = 7
const LABEL_GAP_PX = 10
// A label's distance from its tick line.
const LABEL_INSET_PX = 3
const MIN_MINOR_PX = 6

/**
 * The ruler of `span` seconds drawn `width` px wide: the shortest step whose labels ("0:05", "1:00:00",
 * "0:01.5" under a second) do not crowd each other, minor ticks where at least 6 px apart; a label that
 * would cross the right edge ends at its tick, or is left out when it would then touch its neighbour.
 */
export function rulerTicks(span: number, width: number): Ruler {
  if (!(span > 0) || !(width > 0)) return { step: 1, minor: 1, ticks: [] }
  // The widest label is the span's, with ".5" under a one-second step.
  const labelPx = (step: number) => (clockLabel(span, 1).length + (step < 1 ? 2 : 0)) * CHAR_PX + LABEL_GAP_PX
  const [step, minor] = STEPS.find(([major]) => (major / span) * width >= labelPx(major)) ?? STEPS[STEPS.length - 1]
  const showMinor = (minor / span) * width >= MIN_MINOR_PX
  const each = showMinor ? minor : step
  const perStep = Math.round(step / each)
  const ticks: RulerTick[] = []
  let lastLabelEnd = -Infinity
  for (let i = 0; i * each <= span + 1e-9; i += 1) {
    const time = Math.round(i * each * 1000) / 1000
    const x = (time / span) * width
    const label = clockLabel(time, step)
    const textPx = label.length * CHAR_PX
    const align = x + textPx + LABEL_INSET_PX <= width ? 'start' : 'end'
    const from = align === 'start' ? x : x - textPx - 2 * LABEL_INSET_PX
    const fits = i % perStep === 0 && from >= lastLabelEnd + LABEL_GAP_PX
    if (fits) lastLabelEnd = from + textPx
    ticks.push({ time, label: fits ? label : null, align })
  }
  return { step, minor: each, ticks }
}

/** A time as the ruler labels it at a step: "0:05", "12:30", "1:00:00"; under a one-second step, tenths between whole seconds ("0:01.5"). */
export function clockLabel(seconds: number, step: number): string {
  const tenths = step < 1 ? Math.round(seconds * 10) : Math.round(seconds) * 10
  const whole = Math.floor(tenths / 10)
  const pad = (n: number) => String(n).padStart(2, '0')
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60]
  const clock = h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`
  return tenths % 10 === 0 ? clock : `${clock}.${tenths % 10}`
}
