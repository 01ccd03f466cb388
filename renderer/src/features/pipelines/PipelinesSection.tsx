import { useMemo, useState } from 'react'
import type { SubtitleTrack } from '../../../../shared/contract'
import { useBackendQuery } from '../../api/queries'
import { ErrorLine } from '../../ui/ErrorLine'
import { shownCheckpoint } from './checkpoint-tree'
import { CheckpointPanel } from './CheckpointPanel'
import { Filmstrip } from './Filmstrip'
import { RunLines } from './RunLines'
import { RunPipelineForm } from './RunPipelineForm'
import { RunsPanel } from './RunsPanel'
import { detectionsOf, keptOf } from './stage-outputs'
import type { Player } from '../../ui/use-player-time'
import { usePipelines } from './use-pipelines'
import { useSubtitles } from '../subtitles/index'
import { marksOf, useAssetComments, usePickComment } from '../review/index'
import { sizeOf } from '../../ui/resolution'

const NO_TRACKS: SubtitleTrack[] = []

/** "640x360" as a width over height; 16:9 when unknown. */
function aspectOf(resolution: string | null): number {
  const size = sizeOf(resolution)
  return size ? size.width / size.height : 16 / 9
}

/**
 * A video's Timeline section: the filmstrip of the selected checkpoint's timeline (its dropped frames dimmed, its
 * detections and the subtitle cues in lanes), "Run pipeline", the runs, the checkpoint trees, and the selected checkpoint's outputs
 * and actions. With nothing picked it shows the newest checkpoint that found terms, and follows new runs.
 */
export function PipelinesSection({
  assetId,
  resolution,
  media,
}: {
  assetId: string
  resolution: string | null
  media: Player
}) {
  const view = usePipelines(assetId)
  const subtitles = useSubtitles(assetId)
  const commentList = useAssetComments(assetId).data?.comments
  const marks = useMemo(() => marksOf(commentList ?? [], assetId), [commentList, assetId])
  const pickComment = usePickComment(media)
  const { data } = view
  const newestRun = data?.runs[0]?.executionId
  // A pick holds until a new run starts (here or elsewhere): the strip then shows what that run makes.
  const [pick, setPick] = useState<{ id: number | null; run: string | undefined }>({ id: null, run: undefined })
  const picked = pick.run === newestRun ? pick.id : null
  const setPicked = (id: number | null) => setPick({ id, run: newestRun })
  const nodes = data?.checkpoints ?? []
  const selected = shownCheckpoint(nodes, picked)
  // A checkpoint's outputs never change: read once per checkpoint (its time in the key: a deleted checkpoint's id
  // may come back on a new one).
  const got = useBackendQuery('checkpoints:get', selected ? { id: selected.id } : null, {
    identity: 'pipeline-checkpoint',
    version: selected ? Date.parse(selected.createdAt) : 0,
  })
  const outputs = got.data?.checkpoint.id === selected?.id ? got.data?.outputs : undefined
  const kept = useMemo(() => keptOf(outputs), [outputs])
  const detections = useMemo(() => detectionsOf(outputs), [outputs])
  // A timeline still sampling (or whose sampling was cancelled) has no frames to show yet.
  const sampled = data?.timelines.filter((one) => one.frameCount > 0) ?? []
  const timeline = sampled.find((one) => one.id === selected?.timelineId) ?? sampled.at(-1)
  return (
    <section className="detail-section pl-section" aria-label="Timeline">
      <h2>Timeline</h2>
      {view.loadError && <ErrorLine>{view.loadError}</ErrorLine>}
      {timeline ? (
        <Filmstrip
          timeline={timeline}
          kept={kept}
          detections={detections}
          subtitles={subtitles.data ?? NO_TRACKS}
          comments={{ marks, pick: pickComment }}
          media={media}
          aspect={aspectOf(resolution)}
        />
      ) : (
        data && <p className="muted">No frames sampled yet: run the pipeline to see them here.</p>
      )}
      <RunPipelineForm view={view} />
      <RunLines view={view} runs={data?.runs ?? []} />
      <h3>Runs</h3>
      {!data && !view.loadError && <p className="muted">Loading…</p>}
      {data && nodes.length === 0 && <p className="muted">No checkpoints yet.</p>}
      {data && nodes.length > 0 && (
        <RunsPanel data={data} view={view} selected={selected?.id ?? null} onSelect={setPicked} />
      )}
      {selected && (
        <CheckpointPanel
          key={selected.id}
          node={selected}
          nodes={nodes.filter((node) => node.timelineId === selected.timelineId)}
          run={data?.runs.find((run) => run.executionId === selected.runId)}
          outputs={outputs}
          view={view}
          media={media}
          onDeleted={setPicked}
        />
      )}
    </section>
  )
}
