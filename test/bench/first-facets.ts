import { rmSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { LocalLibrary } from '../../main/services/library-context'
import { searchParams } from '../../main/services/assets/media-search'
import { createFacetIndex } from '../../main/services/facet-index/facet-index'
import { facetSnapshotPath, libraryFacetSources } from '../../main/services/facet-index/facet-sources'
import { call } from './dispatch-call'
import { count, millis, seconds, target, type Row } from './figures'

/**
 * The first media:facets of a process: with no snapshot of the facet index (a grouped walk of an index answers
 * while every asset is read in turns of the event loop, each on a connection of its own), and from the snapshot the library keeps between runs. Each is
 * timed to its answer, with the longest the event loop was held meanwhile (what any other request could have
 * waited); then what the process holds in memory with the index read.
 */
export async function firstFacetsRows(lib: LocalLibrary): Promise<Row[]> {
  rmSync(facetSnapshotPath(lib.dir), { force: true })
  // Answered by the grouped walk while the full read goes on in turns; both timed from the request.
  let answeredSeconds = 0
  const read = await timedFirstAnswer(async () => {
    const started = performance.now()
    await call(lib, 'media:facets', {})
    answeredSeconds = (performance.now() - started) / 1000
    await lib.sqlite.facetIndex.ready()
  })
  // As a host holds it: the library open and one index read (the second one below would count twice).
  const rss = process.memoryUsage().rss
  await lib.sqlite.facetIndex.save()
  // A new index over the same library, as the next process has: only the snapshot and the change log.
  const fromSnapshot = createFacetIndex(lib.sqlite.repos.facetRows, libraryFacetSources(lib.dir, lib.sqlite.path))
  const loaded = await timedFirstAnswer(async () => {
    await fromSnapshot.ready()
    return lib.sqlite.db.transaction(() => fromSnapshot.facets(searchParams(undefined, {}), {}))()
  })
  return [
    {
      measure:
        'First media:facets of a process, no snapshot (a grouped walk answers while every asset is read in turns)',
      result: `${seconds(answeredSeconds)}; index in memory after ${seconds(read.seconds)}; event loop held ≤ ${millis(read.heldMs)}`,
      ...target(answeredSeconds <= 1 && read.heldMs <= 100, '≤ 1 s, event loop held ≤ 100 ms'),
    },
    {
      measure: 'First media:facets of a process, from the snapshot kept between runs',
      result: `${seconds(loaded.seconds)}; event loop held ≤ ${millis(loaded.heldMs)}`,
      ...target(loaded.seconds <= 1, '≤ 1 s'),
    },
    {
      measure: 'Memory of this process after the first read (the library open, one facet index)',
      result: `${count(rss / 1024 / 1024)} MiB RSS`,
      ...target(rss <= 400 * 1024 * 1024, '≤ 400 MB RSS'),
    },
  ]
}

/** Seconds until `answer` resolves, and the longest the event loop was held meanwhile (sampled every 10 ms). */
async function timedFirstAnswer(answer: () => Promise<unknown>): Promise<{ seconds: number; heldMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  const started = performance.now()
  await answer()
  const elapsed = (performance.now() - started) / 1000
  delay.disable()
  return { seconds: elapsed, heldMs: delay.max / 1e6 }
}
