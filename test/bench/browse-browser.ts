import { execFileSync } from 'node:child_process'
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from '@playwright/test'
import { openLibrary } from '../../main/app/open-library'
import { thumbnailPaths } from '../../main/library/library-paths'
import { resolveMediaTools } from '../../main/media/media-tools'
import { makePoster, makeSprite } from '../../main/media/thumbnail-render'
import { runTool } from '../../main/media/tool-io'
import { count, median, millis, percentile, progress, seconds, target, type Row } from './figures'
import { ensureSyntheticLibrary } from './synthetic-library'
import { startBenchWebHost } from './bench-web-host'
import { DRAG_TO_BOTTOM, scrollFrames, type ScrollPace, type ScrollRun } from './scroll-frames'
import { traceFrameWork, type FrameWork } from './frame-trace'
import { saveTo } from '../helpers/save-to'

const ASSETS = 100_000
const NAVIGATIONS = 5
const FIRST_GRID_GOAL_S = 1.5
const FRAME_GOAL_MS = 20
// A quick wheel or trackpad fling (about 7,000 px/s at 60 fps) for 20 s at 60 fps: what a person scrolling by
// hand sees, next to the top-to-bottom run, whose three viewports a frame is a scroll-bar drag.
const WHEEL: ScrollPace = { step: { pixels: 120 }, frames: 1200 }

/** When the first card, and the first poster on a visible card, showed (ms since navigation start). */
type FirstGrid = { cardMs: number; posterMs: number }
/** The window the browser benches draw in. */
export const VIEWPORT = { width: 1280, height: 800 }
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** Debian's Chromium, headless, without GPU or background traffic: what the browser benches launch. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** The grid in Chromium through the web host on 100,000 synthetic assets: first grid time and scroll frames. */
export async function browserRows(): Promise<{ rows: Row[]; note: string }> {
  const built = await ensureSyntheticLibrary(ASSETS)
  const folder = mkdtempSync(path.join(os.tmpdir(), 'framevault-browse-bench-'))
  try {
    const dir = path.join(folder, 'library')
    mkdirSync(dir)
    // A copy: the web host may write to its library, the cached one stays as built.
    copyFileSync(path.join(built.dir, 'library.db'), path.join(dir, 'library.db'))
    progress(`one real poster and sprite, hard-linked for all ${count(ASSETS)} assets`)
    await linkOnePosterForAll(dir, folder)
    progress('starting the web host (npm run web: builds the renderer from this working tree)')
    const host = await startBenchWebHost(PROJECT_ROOT, dir)
    try {
      return await measureGrid(host.url)
    } finally {
      await host.stop()
    }
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

/**
 * Synthetic rows have no files, so a poster request would try to regenerate one and fail. One
 * real poster and sprite, made by the product's thumbnailer from a generated clip, is linked
 * under every asset's thumbnail paths instead: the grid loads real JPEGs, and a link costs no space.
 * Their bytes are recorded on each row, as the thumbnailer records what it writes (migration 0130);
 * rows left unrecorded would have the host measure 200,000 files while the grid is timed (about
 * 15 s of one core beside Chromium: most of the wheel row's long frames).
 */
async function linkOnePosterForAll(dir: string, work: string): Promise<void> {
  const { ffmpeg } = resolveMediaTools()
  const clip = path.join(work, 'clip.mp4')
  const lavfi = 'testsrc2=size=1280x720:rate=25:duration=2'
  await runTool(ffmpeg, ['-v', 'error', '-nostdin', '-f', 'lavfi', '-i', lavfi, '-pix_fmt', 'yuv420p', clip])
  const poster = path.join(work, 'poster.jpg')
  const sprite = path.join(work, 'sprite.jpg')
  await makePoster(ffmpeg, { source: clip, save: saveTo(poster), mediaType: 'video', durationSeconds: 2 })
  await makeSprite(ffmpeg, { source: clip, save: saveTo(sprite), durationSeconds: 2 })
  const lib = openLibrary(dir, { actor: 'bench' })
  try {
    const ids = lib.sqlite.db.prepare<[], string>('SELECT id FROM videos').pluck().all()
    ids.forEach((id, index) => {
      const paths = thumbnailPaths(dir, id)
      mkdirSync(path.dirname(paths.poster), { recursive: true })
      linkSync(linkSource(poster, index), paths.poster)
      linkSync(linkSource(sprite, index), paths.sprite)
    })
    lib.sqlite.db.prepare('UPDATE videos SET thumbs_bytes = ?').run(statSync(poster).size + statSync(sprite).size)
  } finally {
    await lib.close()
  }
}

// ext4 allows 65,000 links to one file: each run of this many assets links to a copy of its own.
const LINKS_PER_COPY = 50_000

/** The file the `index`-th asset's link points at: `file` itself, or a copy of it made the first time it is needed. */
function linkSource(file: string, index: number): string {
  const copy = Math.floor(index / LINKS_PER_COPY)
  if (copy === 0) return file
  const source = `${file}.${copy}`
  if (index % LINKS_PER_COPY === 0) copyFileSync(file, source)
  return source
}

async function measureGrid(url: string): Promise<{ rows: Row[]; note: string }> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  try {
    const page = await browser.newPage({ viewport: VIEWPORT })
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
    const firstGrid: FirstGrid[] = []
    for (let run = 0; run < NAVIGATIONS; run++) {
      progress(`navigation ${run + 1} of ${NAVIGATIONS}: waiting for the first grid of posters`)
      firstGrid.push(await timeToFirstGrid(page, url))
    }
    progress(`scrolling the grid at wheel speed for ${count(WHEEL.frames!)} frames`)
    const wheel = await scrollFrames(page, WHEEL)
    progress('scrolling the grid top to bottom, one requestAnimationFrame sample per frame')
    const scroll = await scrollFrames(page, DRAG_TO_BOTTOM)
    progress('the wheel-speed run again under Chrome tracing, in a fresh page (no cached posters or pages)')
    const traced = await tracedWheel(browser, url)
    return { rows: [...rows(firstGrid, scroll, wheel), ...workRows(traced)], note: gridNote(scroll) }
  } finally {
    await browser.close()
  }
}

/** A run like the wheel row's, traced: tracing costs CPU itself, so its frame times are not the verdict's. */
async function tracedWheel(browser: Browser, url: string): Promise<{ run: ScrollRun; work: FrameWork; load: number }> {
  const context = await browser.newContext({ viewport: VIEWPORT })
  try {
    const page = await context.newPage()
    await timeToFirstGrid(page, url)
    const load = os.loadavg()[0]!
    const { result, work } = await traceFrameWork(browser, page, () => scrollFrames(page, WHEEL))
    return { run: result, work, load }
  } finally {
    await context.close()
  }
}

/** Milliseconds from navigation start (the page's own clock) until a card is visible, and until its poster has loaded. */
async function timeToFirstGrid(page: Page, url: string): Promise<FirstGrid> {
  await page.goto(url, { waitUntil: 'commit' })
  const handle = await page.waitForFunction(
    () => {
      // Kept on window between polls: the time the first card showed, before its poster had loaded.
      const found = window as unknown as { fvFirstCard?: number }
      const visible = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="media-card"]')).filter(
        (card) => {
          const box = card.getBoundingClientRect()
          return box.bottom > 0 && box.top < innerHeight && box.width > 0
        },
      )
      if (visible.length === 0) return false
      found.fvFirstCard ??= performance.now()
      const poster = visible.some(
        (card) => card.querySelector('img')?.complete && card.querySelector('img')!.naturalWidth > 0,
      )
      return poster ? { cardMs: found.fvFirstCard, posterMs: performance.now() } : false
    },
    undefined,
    { timeout: 60_000, polling: 'raf' },
  )
  return (await handle.jsonValue()) as FirstGrid
}

function rows(firstGrid: FirstGrid[], scroll: ScrollRun, wheel: ScrollRun): Row[] {
  const cardS = median(firstGrid.map((run) => run.cardMs)) / 1000
  const all = (key: keyof FirstGrid) => firstGrid.map((run) => (run[key] / 1000).toFixed(2)).join(', ')
  return [
    {
      measure: `First grid: navigation to visible cards (${count(ASSETS)} assets, median of ${NAVIGATIONS} loads)`,
      result: `${seconds(cardS)} (each: ${all('cardMs')})`,
      ...target(cardS <= FIRST_GRID_GOAL_S, `≤ ${FIRST_GRID_GOAL_S} s`),
    },
    {
      measure: '  until a visible card shows its poster',
      result: `${seconds(median(firstGrid.map((run) => run.posterMs)) / 1000)} (each: ${all('posterMs')})`,
    },
    frameRow(
      `Scroll top to bottom, frame times (${count(scroll.frames.length)} frames, ${count(scroll.pixelsPerFrame)} px/frame)`,
      scroll,
    ),
    frameRow(
      `Scroll at wheel speed from the top, frame times (${count(wheel.frames.length)} frames, ${count(wheel.pixelsPerFrame)} px/frame)`,
      wheel,
    ),
  ]
}

function workRows({ run, work, load }: { run: ScrollRun; work: FrameWork; load: number }): Row[] {
  const spread = (values: number[]) =>
    `p50 ${millis(percentile(values, 50))}, p95 ${millis(percentile(values, 95))}, max ${millis(Math.max(...values))}`
  return [
    {
      measure: `  traced again (load average ${load.toFixed(2)}): frame times`,
      result: spread(run.frames),
    },
    { measure: '  main thread busy per frame (wall clock of its tasks)', result: spread(work.busyMs) },
    { measure: '  main thread CPU per frame (thread clock of the same tasks)', result: spread(work.cpuMs) },
    {
      measure: '  tiles rastered per frame',
      result: (work.rasterTasks / Math.max(1, work.cpuMs.length)).toFixed(1),
    },
  ]
}

/** A scroll's frame times as a row: p50, p95 and max, judged on p95 ≤ 20 ms. */
export function frameRow(measure: string, run: ScrollRun): Row {
  const p95 = percentile(run.frames, 95)
  return {
    measure,
    result: `p50 ${millis(percentile(run.frames, 50))}, p95 ${millis(p95)}, max ${millis(Math.max(...run.frames))}`,
    ...target(p95 <= FRAME_GOAL_MS, `p95 ≤ ${FRAME_GOAL_MS} ms`),
  }
}

function gridNote(scroll: ScrollRun): string {
  const git = (args: string[]) => execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim()
  const commit = git(['rev-parse', '--short', 'HEAD'])
  const dirty = git(['status', '--porcelain', '--', 'renderer']) !== ''
  const tree = `commit ${commit}${dirty ? ' plus uncommitted renderer changes in the working tree' : ''}`
  return (
    `${tree}; scrolled ${scroll.element} to ${count(scroll.scrollExtent)} px ` +
    `(${scroll.reachedBottom ? 'the bottom' : 'NOT the bottom: time limit'}; ${seconds(scroll.waitedMs / 1000)} ` +
    `waiting at the loaded end for pages; ${count(scroll.itemsAtEnd)} cards in the DOM at the end)`
  )
}
