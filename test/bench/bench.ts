import { runAnalysesBench } from './analyses-bench'
import { runBatchBench } from './batch-bench'
import { runBrowseBench } from './browse-bench'
import { runComfyRunBench } from './comfy-run-bench'
import { runGenerationBench } from './generation-bench'
import { runPipelinesBench } from './pipelines-bench'
import { runClipBench, runIngestBench } from './ingest-bench'
import { runSimilarBench } from './similar-bench'
import { runSimilarIndexBench } from './similar-index-bench'
import { runSimilarRateBench } from './similar-rate-bench'
import { runThumbnailBacklogBench } from './thumbnail-backlog-bench'
import { runWorkflowGraphBench } from './workflow-graph-bench'

// Benchmarks are scripts, not timed tests: each prints its figures and ratios against baselines measured in the same run.
const BENCHMARKS = new Map<string, () => Promise<void>>([
  ['ingest', runIngestBench],
  ['ingest-clips', runClipBench],
  ['browse', runBrowseBench],
  ['analyses', runAnalysesBench],
  ['workflow-graph', runWorkflowGraphBench],
  ['generation', runGenerationBench],
  ['thumbnails', runThumbnailBacklogBench],
  ['batch', runBatchBench],
  ['comfy-run', runComfyRunBench],
  ['pipelines', runPipelinesBench],
  // Near-duplicates: hashing against ffmpeg's own decode (one long clip, then the job's rate over short clips), then
  // the index and grouping (issues 21 and 37), in one run.
  ['similar', () => runSimilarBench().then(runSimilarRateBench).then(runSimilarIndexBench)],
])

const names = process.argv.slice(2)
const unknown = names.filter((name) => !BENCHMARKS.has(name))
if (names.length === 0 || unknown.length > 0) {
  if (unknown.length > 0) console.error(`Unknown benchmark: ${unknown.join(', ')}`)
  console.error(`Usage: npm run bench -- <name...>\nBenchmarks: ${[...BENCHMARKS.keys()].join(', ')}`)
  process.exit(2)
}
for (const name of names) await BENCHMARKS.get(name)!()
