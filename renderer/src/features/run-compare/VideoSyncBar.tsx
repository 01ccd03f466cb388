import { formatDuration } from '../../format'
import type { VideoSync } from './use-video-sync'

/** One play/pause, seek and sound control for every video of a group, named after the group. */
export function VideoSyncBar({ sync, label }: { sync: VideoSync; label: string }) {
  const { playing, time, duration, muted } = sync.state
  const clock = clockText(time, duration)
  return (
    <div className="rc-video-bar" role="group" aria-label={`Playback of ${label}`}>
      <button type="button" className="primary" onClick={sync.toggle}>
        {playing ? 'Pause all' : 'Play all'}
      </button>
      <input
        type="range"
        min={0}
        max={duration || 0}
        step="any"
        value={Math.min(time, duration)}
        disabled={duration === 0}
        aria-label={`Seek all videos of ${label}`}
        aria-valuetext={clock}
        onChange={(event) => sync.seek(Number(event.currentTarget.value))}
      />
      <span className="rc-clock" aria-hidden="true">
        {clock}
      </span>
      <button type="button" aria-pressed={!muted} onClick={() => sync.setMuted(!muted)}>
        Sound
      </button>
    </div>
  )
}

// Generated clips last seconds: tenths tell two frames' places apart where "0:02 / 0:02" would not.
function clockText(time: number, duration: number): string {
  if (duration >= 60) return `${formatDuration(time)} / ${formatDuration(duration)}`
  return `${time.toFixed(1)} / ${duration.toFixed(1)} s`
}
