import { runAnalysesBench } from './analyses-bench'
import { runBatchBench } from './batch-bench'
import { runBrowseBench, runBrowseLibraryStep } from './browse-bench'
import { runCatalogBench } from './catalog-bench'
import type { BenchOptions } from './figures'
import { runComfyRunBench } from './comfy-run-bench'
import { runGenerationBench } from './generation-bench'
import { runHubBench } from './hub-bench'
import { runHubLoadBench } from './hub-load-bench'
import { runPipelinesBench } from './pipelines-bench'
import { runClipBench, runIngestBench } from './ingest-bench'
import { runScreenTextBench } from './screen-text-bench'
import { runSimilarBench } from './similar-bench'
import { runSimilarIndexBench } from './similar-index-bench'
import { runSimilarRateBench } from './similar-rate-bench'
import { runThumbnailBacklogBench } from './thumbnail-backlog-bench'
import { runWorkflowGraphBench } from './workflow-graph-bench'
import { runWorkersBench } from './workers-bench'

// Benchmarks are scripts, not timed tests: each prints its figures and ratios against baselines measured in the same run.
const BENCHMARKS = new Map<string, (options: BenchOptions) => Promise<void>>([
  ['ingest', runIngestBench],
  ['ingest-clips', runClipBench],
  ['browse', runBrowseBench],
  // The browse bench's synthetic library alone: found in the cache, or built (and timed) as a step of its own.
  ['browse-library', runBrowseLibraryStep],
  ['analyses', runAnalysesBench],
  ['workflow-graph', runWorkflowGraphBench],
  ['generation', runGenerationBench],
  ['thumbnails', runThumbnailBacklogBench],
  ['batch', runBatchBench],
  ['comfy-run', runComfyRunBench],
  ['pipelines', runPipelinesBench],
  // The text stage's reader on labelled clips against plain Tesseract (issue 36).
  ['screen-text', runScreenTextBench],
  // Near-duplicates: hashing against ffmpeg's own decode (one long clip, then the job's rate over short clips), then
  // the index and grouping (issues 21 and 37), in one run.
  ['similar', () => runSimilarBench().then(runSimilarRateBench).then(runSimilarIndexBench)],
  // The domains moved to the catalogue on SQLite and on PostgreSQL, side by side (issue 34).
  ['catalog', runCatalogBench],
  // Browse through a hub's HTTP API against the same calls in process; uploads and imports through it (issue 34).
  ['hub', runHubBench],
  // Fifty people at once on the hub for five minutes: per-channel times, event delivery, memory (issue 63).
  ['hub-load', runHubLoadBench],
  // Near-duplicate hashing and a scenes batch on 1, 2 and 4 worker processes of a hub, and the claim latency (issue 35).
  ['workers', runWorkersBench],
])

const args = process.argv.slice(2)
const FLAGS = ['--fresh']
const names = args.filter((arg) => !FLAGS.includes(arg))
const options: BenchOptions = { fresh: args.includes('--fresh') }
const unknown = names.filter((name) => !BENCHMARKS.has(name))
if (names.length === 0 || unknown.length > 0) {
  if (unknown.length > 0) console.error(`Unknown benchmark: ${unknown.join(', ')}`)
  console.error(
    `Usage: npm run bench -- <name...> [--fresh]\nBenchmarks: ${[...BENCHMARKS.keys()].join(', ')}\n` +
      '--fresh: build cached inputs again (the browse library, the hub) instead of taking them from node_modules/.cache',
  )
  process.exit(2)
}
for (const name of names) await BENCHMARKS.get(name)!(options)
