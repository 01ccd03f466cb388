import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from '@playwright/test'
import { startBenchWebHost } from './bench-web-host'
import { CHROMIUM_ARGS, frameRow, VIEWPORT } from './browse-browser'
import { count, median, millis, progress, target, type Row } from './figures'
import { CHECKPOINTS, FRAMES, seedPipelinesLibrary } from './pipelines-library'
import { scrollFrames, type ScrollPace, type ScrollTarget } from './scroll-frames'

const LOADS = 5
// Issue 19: the checkpoint tree with 1,000 checkpoints draws in Chromium in ≤ 300 ms.
const TREE_GOAL_MS = 300
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// A wheel's pace, as the grid's wheel row, from the first frame to the last.
const WHEEL_PIXELS = 120
const WHEEL_TO_END: ScrollPace = { step: { pixels: WHEEL_PIXELS } }
const FILMSTRIP: ScrollTarget = { scroller: '.pl-strip', item: '.pl-frame', axis: 'horizontal' }
// Marks on the page's clock (performance.mark): the Timeline section in the DOM, the tree's first lines in the
// DOM (a MutationObserver's callback, right after React's commit), and the end of the rendering update that drew
// them (a task queued from the next requestAnimationFrame runs after that frame's style, layout and paint).
const MARKS = `
  performance.setResourceTimingBufferSize(20000)
  new MutationObserver((records, observer) => {
    if (!performance.getEntriesByName('fv-section').length && document.querySelector('section[aria-label="Timeline"]'))
      performance.mark('fv-section')
    if (document.querySelector('.pl-tree .pl-node')) {
      observer.disconnect()
      performance.mark('fv-tree-lines')
      requestAnimationFrame(() => setTimeout(() => performance.mark('fv-tree-painted')))
    }
  }).observe(document, { childList: true, subtree: true })
`

/** One load of the asset page: ms from the section's mount, and from the runs' data arriving, to the tree painted. */
interface TreeLoad {
  fromMount: number
  fromData: number
  lines: number
}

/**
 * Issue 19's browser rows: a library with a 7,200-frame timeline and a tree of 1,000 checkpoints, served by the
 * web host; the tree's draw over fresh loads of the asset's page, then the filmstrip scrolled end to end.
 */
export async function pipelinesBrowserRows(): Promise<Row[]> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'framevault-pipelines-browser-'))
  try {
    progress('seeding a library: one clip, a timeline of an hour at 2 fps, a tree of checkpoints')
    const seeded = await seedPipelinesLibrary(folder)
    progress('starting the web host (it builds the renderer)')
    const host = await startBenchWebHost(PROJECT_ROOT, seeded.dir)
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
    try {
      const page = `${host.url}#/asset/${encodeURIComponent(seeded.assetId)}`
      const load = os.loadavg()[0]!.toFixed(2)
      const loads: TreeLoad[] = []
      for (let run = 0; run < LOADS; run++) {
        progress(`load ${run + 1} of ${LOADS}: waiting for the tree of ${count(CHECKPOINTS)} checkpoints`)
        loads.push(await treeLoad(browser, page))
      }
      return [...treeRows(loads, load), await filmstripRow(browser, page)]
    } finally {
      await browser.close()
      await host.stop()
    }
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

/** A fresh page on the asset: when its tree painted, against its section's mount and its runs' data arriving. */
async function treeLoad(browser: Browser, url: string): Promise<TreeLoad> {
  const page = await browser.newPage({ viewport: VIEWPORT })
  try {
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
    await page.addInitScript({ content: MARKS })
    await page.goto(url)
    await page.waitForFunction(() => performance.getEntriesByName('fv-tree-painted').length > 0, undefined, {
      timeout: 60_000,
    })
    return await page.evaluate(() => {
      const section = performance.getEntriesByName('fv-section')[0]!.startTime
      const lines = performance.getEntriesByName('fv-tree-lines')[0]!.startTime
      const painted = performance.getEntriesByName('fv-tree-painted')[0]!.startTime
      // The answer the tree was drawn from: the last pipelines:of-asset received before its lines showed.
      const answers = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
        (entry) => entry.name.includes('/api/pipelines:of-asset') && entry.responseEnd <= lines,
      )
      const data = answers.at(-1)!.responseEnd
      return {
        fromMount: painted - section,
        fromData: painted - data,
        lines: document.querySelectorAll('.pl-tree .pl-node').length,
      }
    })
  } finally {
    await page.close()
  }
}

function treeRows(loads: TreeLoad[], load: string): Row[] {
  const fromData = median(loads.map((one) => one.fromData))
  const each = (key: keyof TreeLoad) => loads.map((one) => one[key].toFixed(0)).join(', ')
  return [
    {
      measure:
        `Checkpoint tree of ${count(CHECKPOINTS)} checkpoints drawn: pipelines:of-asset's answer received → ` +
        `its lines in the DOM and painted (median of ${LOADS} loads; load average ${load})`,
      result: `${millis(fromData)} (each: ${each('fromData')} ms)`,
      ...target(fromData <= TREE_GOAL_MS, `≤ ${TREE_GOAL_MS} ms`),
    },
    {
      measure: '  from the Timeline section in the DOM (the request and its answer included)',
      result: `${millis(median(loads.map((one) => one.fromMount)))} (each: ${each('fromMount')} ms)`,
    },
    { measure: '  tree lines in the DOM (virtualized)', result: each('lines') },
  ]
}

/** The filmstrip scrolled from its first frame to its last at a wheel's pace, once the shown checkpoint's outputs are in. */
async function filmstripRow(browser: Browser, url: string): Promise<Row> {
  const page = await browser.newPage({ viewport: VIEWPORT })
  try {
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
    await page.goto(url)
    // The dropped frames dimmed: the selected checkpoint's outputs have arrived.
    await page.locator('.pl-strip-facts', { hasText: 'dropped as repeats' }).waitFor({ timeout: 60_000 })
    await page.locator(FILMSTRIP.scroller).scrollIntoViewIfNeeded()
    let images = 0
    page.on('response', (response) => {
      if (response.ok() && response.url().includes('/media/frames/')) images++
    })
    const load = os.loadavg()[0]!.toFixed(2)
    progress(`scrolling the filmstrip of ${count(FRAMES)} frames end to end, ${WHEEL_PIXELS} px a frame`)
    const run = await scrollFrames(page, WHEEL_TO_END, FILMSTRIP)
    const end = run.reachedBottom ? 'to its end' : 'NOT to its end (time limit)'
    return frameRow(
      `Filmstrip of ${count(FRAMES)} frames scrolled ${end} (${count(run.scrollExtent)} px) at ${run.pixelsPerFrame} ` +
        `px a frame: frame times (${count(run.frames.length)} frames, ${count(images)} frame JPEGs loaded; ` +
        `load average ${load})`,
      run,
    )
  } finally {
    await page.close()
  }
}
