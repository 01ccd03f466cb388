import type { Browser, Page } from '@playwright/test'

/** The page's main-thread work per animation frame, read from a Chrome trace of a scroll. */
export interface FrameWork {
  /** Milliseconds the main thread ran tasks (wall clock) between one frame's requestAnimationFrame and the next. */
  busyMs: number[]
  /** The same tasks' CPU milliseconds (thread clock): what the page asked of a core, however busy the machine. */
  cpuMs: number[]
  /** Tiles the compositor rastered during the scroll. */
  rasterTasks: number
}

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  tdur?: number
}

// Top-level tasks and animation frames of the main thread, and the compositor's raster tasks.
const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline']

/**
 * Runs `scroll` under Chrome tracing and splits the renderer main thread's tasks by animation frame: wall clock
 * frame times mix the page's own work with time other processes took the cores, the thread clock does not.
 */
export async function traceFrameWork<T>(
  browser: Browser,
  page: Page,
  scroll: () => Promise<T>,
): Promise<{ result: T; work: FrameWork }> {
  await browser.startTracing(page, { categories: CATEGORIES })
  let result: T
  let trace: Buffer
  try {
    result = await scroll()
  } finally {
    // Stopped whatever happened: a browser left tracing refuses the next start.
    trace = await browser.stopTracing()
  }
  const { traceEvents } = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }
  return { result, work: frameWork(traceEvents) }
}

function frameWork(events: TraceEvent[]): FrameWork {
  // The page's main thread is the one that ran its requestAnimationFrame callbacks.
  const frame = events.find((event) => event.name === 'FireAnimationFrame')
  if (!frame) throw new Error('The trace has no animation frames: the page did not scroll under tracing.')
  const onMain = events
    .filter((event) => event.pid === frame.pid && event.tid === frame.tid && event.ph === 'X')
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))
  const starts = onMain.filter((event) => event.name === 'FireAnimationFrame').map((event) => event.ts)
  const busyMs = new Array<number>(Math.max(0, starts.length - 1)).fill(0)
  const cpuMs = [...busyMs]
  // Only outermost events count: tasks nest (ThreadControllerImpl::RunTask holds a RunTask holds the work).
  let outerEnd = -Infinity
  for (const event of onMain) {
    if (event.ts < outerEnd) continue
    outerEnd = event.ts + (event.dur ?? 0)
    const index = lastAtOrBefore(starts, event.ts)
    if (index < 0 || index >= busyMs.length) continue
    busyMs[index]! += (event.dur ?? 0) / 1000
    cpuMs[index]! += (event.tdur ?? 0) / 1000
  }
  const rasterTasks = events.filter((event) => event.name === 'RasterTask' && event.ph === 'X').length
  return { busyMs, cpuMs, rasterTasks }
}

/** Index of the last of the ascending `values` at or below `value`, or -1. */
function lastAtOrBefore(values: number[], value: number): number {
  let low = 0
  let high = values.length - 1
  let found = -1
  while (low <= high) {
    const middle = (low + high) >> 1
    if (values[middle]! <= value) {
      found = middle
      low = middle + 1
    } else {
      high = middle - 1
    }
  }
  return found
}
