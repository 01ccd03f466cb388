import { Agent, request } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { writeClipSeries } from '../fixtures/clip-series'
import { postersMade } from '../helpers/posters-made'
import { startBenchWebHost } from './bench-web-host'
import { count, filesRate, millis, percentile, printTable, progress, target, type Row } from './figures'

// Issue 22, point 1: after an import of many clips, the posters on screen are asked for while the backlog of
// thumbnails is made. A client holding Chromium's six sockets per host asks for them, then lists pages: a poster
// request held open until its thumbnail is made would take the sockets the list requests need.
const CLIPS = 1000
const POSTERS_ON_SCREEN = 60
const LIST_SAMPLES = 200
const LIST_INTERVAL_MS = 50
const SOCKETS_PER_HOST = 6
const BACKLOG_TIMEOUT_MS = 15 * 60_000
const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..')

/** One HTTP answer: status, parsed JSON body (when it is JSON) and milliseconds from request to last byte. */
type Answer = { status: number; body: unknown; ms: number }

/** A client of the web host as a page is one: a token and a socket pool of Chromium's size. */
function pageClient(url: string) {
  const { origin, searchParams } = new URL(url)
  const agent = new Agent({ keepAlive: true, maxSockets: SOCKETS_PER_HOST })
  const send = (method: string, route: string, body?: unknown) =>
    new Promise<Answer>((resolve, reject) => {
      const started = performance.now()
      const req = request(`${origin}${route}`, {
        method,
        agent,
        headers: { authorization: `Bearer ${searchParams.get('token')}`, 'content-type': 'application/json' },
      })
      req.on('error', reject)
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const json = res.headers['content-type']?.startsWith('application/json') ? JSON.parse(text) : null
          resolve({ status: res.statusCode ?? 0, body: json, ms: performance.now() - started })
        })
      })
      req.end(body === undefined ? undefined : JSON.stringify(body))
    })
  return {
    call: async <T>(channel: string, input: unknown): Promise<T & { ms: number }> => {
      const answer = await send('POST', `/api/${channel}`, input)
      const { ok, data, error } = answer.body as { ok: boolean; data: T; error?: unknown }
      if (!ok) throw new Error(`${channel} answered ${answer.status}: ${JSON.stringify(error)}`)
      return { ...data, ms: answer.ms }
    },
    poster: (id: string) => send('GET', `/media/thumbs/${encodeURIComponent(id)}/poster.jpg`),
    close: () => agent.destroy(),
  }
}
type PageClient = ReturnType<typeof pageClient>

/**
 * Milliseconds of `LIST_SAMPLES` first pages of 100, every other one a search for one clip's name, sent one every
 * `LIST_INTERVAL_MS` whether or not the last one has been answered (as a person typing and scrolling sends them),
 * so a stall counts for every request sent during it, not only for the first.
 */
async function listLatencies(client: PageClient): Promise<number[]> {
  const sent: Array<Promise<number>> = []
  for (let i = 0; i < LIST_SAMPLES; i++) {
    const query = i % 2 === 0 ? '' : `clip-${String(i % CLIPS).padStart(4, '0')}`
    sent.push(client.call('media:list', { limit: 100, query }).then((answer) => answer.ms))
    await new Promise((resolve) => setTimeout(resolve, LIST_INTERVAL_MS))
  }
  return Promise.all(sent)
}

/** Imports the clips by path and waits for the import's end; seconds it took. */
async function importClips(client: PageClient, clips: string[]): Promise<number> {
  const started = performance.now()
  const { job } = await client.call<{ job: { id: string } }>('media:import', { paths: clips })
  for (;;) {
    const { job: now } = await client.call<{ job: { state: string } }>('import:get', { jobId: job.id, limit: 1 })
    if (now.state === 'done') return (performance.now() - started) / 1000
    if (now.state !== 'queued' && now.state !== 'running') throw new Error(`The import ended ${now.state}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** Waits until every clip has its poster; false when the backlog is not done within the timeout. */
async function backlogDone(libraryDir: string): Promise<boolean> {
  const deadline = Date.now() + BACKLOG_TIMEOUT_MS
  while (postersMade(libraryDir) < CLIPS) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  return true
}

/** `npm run bench -- thumbnails`: page requests while a 1,000-clip import's thumbnails are pending, against idle. */
export async function runThumbnailBacklogBench(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'framevault-bench-backlog-'))
  const clipsDir = path.join(root, 'clips')
  const libraryDir = path.join(root, 'library')
  mkdirSync(clipsDir)
  try {
    progress(`writing ${count(CLIPS)} one-second clips`)
    const clips = writeClipSeries(clipsDir, CLIPS)
    progress('starting the web host (it builds the renderer)')
    const host = await startBenchWebHost(PROJECT_ROOT, libraryDir, ['--allow-import-from', clipsDir])
    const client = pageClient(host.url)
    try {
      progress(`importing ${count(CLIPS)} clips`)
      const importSeconds = await importClips(client, clips)
      const madeBefore = postersMade(libraryDir)
      progress(`${madeBefore} posters made; the page asks for the ${POSTERS_ON_SCREEN} on screen and lists pages`)
      const { items } = await client.call<{ items: Array<{ id: string }> }>('media:list', { limit: POSTERS_ON_SCREEN })
      const posters = Promise.all(items.map(({ id }) => client.poster(id)))
      const pending = await listLatencies(client)
      const madeAfter = postersMade(libraryDir)
      const posterTimes = (await posters).map((answer) => answer.ms)
      progress('waiting for the rest of the backlog')
      const finished = await backlogDone(libraryDir)
      const idle = await listLatencies(client)
      const pendingP95 = percentile(pending, 95)
      const idleP95 = percentile(idle, 95)
      const rows: Row[] = [
        {
          measure: `import of ${count(CLIPS)} one-second clips (web host, by path)`,
          result: filesRate(clips, importSeconds),
        },
        {
          measure: `media:list p95 while thumbnails are pending (${madeBefore} → ${madeAfter} of ${count(CLIPS)} posters made meanwhile)`,
          result: millis(pendingP95),
          ...target(pendingP95 <= 50 && madeAfter < CLIPS, '≤ 50 ms, backlog still pending'),
        },
        { measure: 'media:list p95 once every thumbnail is made (baseline)', result: millis(idleP95) },
        { measure: 'ratio pending / baseline', result: `${(pendingP95 / idleP95).toFixed(2)}×` },
        {
          measure: `poster requests of the ${POSTERS_ON_SCREEN} on screen (${SOCKETS_PER_HOST} sockets): median / slowest`,
          result: `${millis(percentile(posterTimes, 50))} / ${millis(Math.max(...posterTimes))}`,
          // A poster held open until made waits for its ffmpeg runs behind the others: seconds, not milliseconds.
          ...target(Math.max(...posterTimes) <= 500, 'slowest ≤ 500 ms (answered, not held)'),
        },
        { measure: 'backlog finished', result: finished ? 'yes' : `no, ${postersMade(libraryDir)} posters` },
      ]
      console.log(
        `\nThumbnail backlog (${count(CLIPS)} clips; ${LIST_SAMPLES} list requests each way, one every ${LIST_INTERVAL_MS} ms)`,
      )
      printTable(rows)
    } finally {
      client.close()
      await host.stop()
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
