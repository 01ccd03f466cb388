import { plural } from '../../format'
import { clock, detectionsOf, keptOf, rangeCounts, textCounts } from './stage-outputs'
import { seekTo, type Player } from '../../ui/use-player-time'

/** What a checkpoint's outputs found: frames kept, words read, ranges, and the detections (each seeks the player). */
export function CheckpointOutputs({ outputs, media }: { outputs: Record<string, unknown> | undefined; media: Player }) {
  if (!outputs) return <p className="muted">Loading its outputs…</p>
  const kept = keptOf(outputs)
  const text = textCounts(outputs)
  const detections = detectionsOf(outputs)
  const lines = [
    kept && `${plural(kept.length, 'frame', 'frames')} kept`,
    text && `${plural(text.words, 'word', 'words')} read on ${plural(text.frames, 'frame', 'frames')}`,
    ...rangeCounts(outputs).map(([stage, count]) => `${stage}: ${plural(count, 'range', 'ranges')}`),
  ].filter(Boolean)
  return (
    <div className="pl-outputs">
      {lines.length > 0 && <p>{lines.join(' · ')}</p>}
      {detections && detections.length === 0 && <p className="muted">None of the terms was found.</p>}
      {detections && detections.length > 0 && (
        <div className="pl-table-wrap" role="region" aria-label="Detections of this checkpoint" tabIndex={0}>
          <table className="tables pl-detections">
            <thead>
              <tr>
                <th scope="col">Term</th>
                <th scope="col">First seen</th>
                <th scope="col">Until</th>
                <th scope="col">Frames</th>
                <th scope="col">Best confidence</th>
              </tr>
            </thead>
            <tbody>
              {detections.map((detection, index) => (
                <tr key={`${detection.term}\n${index}`}>
                  <th scope="row">{detection.term}</th>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-label={`Play ${detection.term} from ${clock(detection.first_seen)}`}
                      onClick={() => seekTo(media, detection.first_seen)}
                    >
                      {clock(detection.first_seen)}
                    </button>
                  </td>
                  <td>{clock(detection.last_seen)}</td>
                  <td>{detection.frames.length.toLocaleString()}</td>
                  <td>{detection.best_confidence === null ? '—' : Math.round(detection.best_confidence)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
