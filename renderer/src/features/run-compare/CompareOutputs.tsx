import { useId, useMemo, type CSSProperties } from 'react'
import { fileUrl, posterUrl } from '../../api/media-urls'
import { nodeName, outputGroups, type ComparedOutput, type ComparedRun, type OutputGroup } from './compare-rows'
import { RunName } from './RunName'
import { useVideoSync } from './use-video-sync'
import { VideoSyncBar } from './VideoSyncBar'

/** The runs' outputs per save node, one column per run; a node's videos play, pause and seek as one. */
export function CompareOutputs({ runs }: { runs: readonly ComparedRun[] }) {
  const groups = useMemo(() => outputGroups(runs), [runs])
  if (groups.length === 0) return <p className="muted">No output of these runs is in the library.</p>
  return (
    <div className="rc-output-groups">
      {groups.map((group) => (
        <OutputGroupView key={group.key} group={group} runs={runs} />
      ))}
    </div>
  )
}

function OutputGroupView({ group, runs }: { group: OutputGroup; runs: readonly ComparedRun[] }) {
  const sync = useVideoSync()
  const headingId = useId()
  const name = nodeName(group.nodeType, group.nodeId)
  const videos = group.perRun.some((outputs) => outputs.some((output) => output.asset.mediaType === 'video'))
  // The column count is the run count, so the same run sits in the same column in every group.
  const columns = { '--rc-runs': runs.length } as CSSProperties
  return (
    <section className="rc-output-group" aria-labelledby={headingId}>
      <h3 id={headingId}>{name}</h3>
      {videos && <VideoSyncBar sync={sync} label={name} />}
      <div className="rc-output-row" style={columns} {...sync.boxProps}>
        {group.perRun.map((outputs, index) => (
          <div key={runs[index].id} className="rc-output-cell" role="group" aria-label={`Run ${index + 1} of ${name}`}>
            <RunName run={runs[index]} index={index} />
            {outputs.length === 0 ? (
              <p className="muted">No output</p>
            ) : (
              outputs.map((output) => (
                <OutputMedia key={output.asset.id} output={output} muted={sync.state.muted} onToggle={sync.toggle} />
              ))
            )}
          </div>
        ))}
      </div>
    </section>
  )
}

/** An output as it is (a picture, a video driven by its group, a sound) with a link to its asset. */
function OutputMedia({ output, muted, onToggle }: { output: ComparedOutput; muted: boolean; onToggle: () => void }) {
  const { asset } = output
  const href = `#/asset/${encodeURIComponent(asset.id)}`
  return (
    <figure className="rc-output">
      {asset.mediaType === 'video' && (
        // Driven by the group's bar: a click plays or pauses them all; the sound starts off, eight at once is noise.
        <video
          src={fileUrl(asset.id)}
          poster={posterUrl(asset.id)}
          muted={muted}
          playsInline
          preload="metadata"
          aria-label={asset.name}
          onClick={onToggle}
        />
      )}
      {asset.mediaType === 'image' && (
        // The caption's link is the one in the tab order; the picture is a larger target for the mouse.
        <a href={href} tabIndex={-1} aria-hidden="true">
          <img src={fileUrl(asset.id)} alt="" loading="lazy" decoding="async" />
        </a>
      )}
      {asset.mediaType === 'audio' && (
        <audio src={fileUrl(asset.id)} controls preload="metadata" aria-label={asset.name} />
      )}
      <figcaption>
        <a href={href} title={asset.name}>
          {asset.name}
        </a>
      </figcaption>
    </figure>
  )
}
