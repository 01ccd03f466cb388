import { useCallback, useRef, useState, type SyntheticEvent } from 'react'

/** Where the videos of one group stand: playing or not, the time shown and the longest one's length. */
export interface VideoSyncState {
  playing: boolean
  time: number
  duration: number
  muted: boolean
}

/** One group of videos driven as one: their container's props, where they stand, and play/pause/seek/mute for all. */
export interface VideoSync {
  state: VideoSyncState
  /** Spread on the element holding the videos: media events do not bubble, so they are caught on the way down. */
  boxProps: {
    ref: (element: HTMLElement | null) => void
    onPlayCapture: (event: SyntheticEvent) => void
    onPauseCapture: (event: SyntheticEvent) => void
    onEndedCapture: (event: SyntheticEvent) => void
    onLoadedMetadataCapture: (event: SyntheticEvent) => void
    onTimeUpdateCapture: (event: SyntheticEvent) => void
  }
  toggle(): void
  seek(seconds: number): void
  setMuted(muted: boolean): void
}

// Further apart than this while playing, a video is put back on the leader's time (a frame or two is not worth a seek).
const DRIFT = 0.2

const known = (video: HTMLVideoElement) => (Number.isFinite(video.duration) ? video.duration : 0)

/** The longest video: the clock of the group, since the shorter ones stop at their end while it goes on. */
function leaderOf(videos: HTMLVideoElement[]): HTMLVideoElement | undefined {
  return videos.reduce<HTMLVideoElement | undefined>(
    (best, video) => (!best || known(video) > known(best) ? video : best),
    undefined,
  )
}

const playing = (videos: HTMLVideoElement[]) => videos.some((video) => !video.paused && !video.ended)

/** Plays, pauses and seeks every video under one element together, and keeps them within a frame or so of each other. */
export function useVideoSync(): VideoSync {
  const box = useRef<HTMLElement | null>(null)
  const [state, setState] = useState<VideoSyncState>({ playing: false, time: 0, duration: 0, muted: true })
  const videos = useCallback(() => [...(box.current?.querySelectorAll('video') ?? [])], [])

  const refresh = useCallback(() => {
    const list = videos()
    const leader = leaderOf(list)
    setState((last) => ({
      ...last,
      playing: playing(list),
      time: leader?.currentTime ?? 0,
      duration: leader ? known(leader) : 0,
    }))
  }, [videos])

  const seekAll = useCallback(
    (seconds: number) => {
      for (const video of videos()) video.currentTime = Math.min(seconds, known(video) || seconds)
    },
    [videos],
  )

  // A video shorter than the time stays at its end: play() would start an ended video over, out of step.
  const playFrom = useCallback(
    (seconds: number) => {
      seekAll(seconds)
      for (const video of videos()) {
        // A video the browser refuses to play (a codec it lacks) says so itself; the others still play.
        if (seconds < known(video) || known(video) === 0) video.play().catch(() => undefined)
      }
    },
    [videos, seekAll],
  )

  const toggle = useCallback(() => {
    const list = videos()
    const leader = leaderOf(list)
    if (!leader) return
    if (playing(list)) {
      for (const video of list) video.pause()
      seekAll(leader.currentTime)
      return
    }
    // Played to the end, the group starts over; else each starts from the one time all show.
    playFrom(leader.ended || leader.currentTime >= known(leader) ? 0 : leader.currentTime)
  }, [videos, seekAll, playFrom])

  const onTimeUpdate = useCallback(() => {
    const list = videos()
    const leader = leaderOf(list)
    if (leader && !leader.paused) {
      for (const video of list) {
        if (video === leader || video.ended || leader.currentTime >= known(video)) continue
        if (Math.abs(video.currentTime - leader.currentTime) > DRIFT) video.currentTime = leader.currentTime
      }
    }
    refresh()
  }, [videos, refresh])

  const setMuted = useCallback(
    (muted: boolean) => {
      for (const video of videos()) video.muted = muted
      setState((last) => ({ ...last, muted }))
    },
    [videos],
  )

  const ref = useCallback((element: HTMLElement | null) => {
    box.current = element
  }, [])

  return {
    state,
    boxProps: {
      ref,
      onPlayCapture: refresh,
      onPauseCapture: refresh,
      onEndedCapture: refresh,
      onLoadedMetadataCapture: refresh,
      onTimeUpdateCapture: onTimeUpdate,
    },
    toggle,
    seek: (seconds) => {
      // The videos say whether they play: the state may not have caught up with a pause just made.
      if (playing(videos())) playFrom(seconds)
      else seekAll(seconds)
      setState((last) => ({ ...last, time: seconds }))
    },
    setMuted,
  }
}
