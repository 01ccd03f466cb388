import { useCallback, useEffect, useRef, useState } from 'react'

// A member further off the group's clock than this is put back on it (a seek): less would seek all the time.
const DRIFT = 0.2
// The shown time moves in steps this fine; a finer one re-renders the group every frame for nothing.
const SHOWN_STEP = 0.1

/** What drives a group's videos together: one clock (the leader's time), Play/Pause and a seek. */
export interface SyncedPlayback {
  /** The group's clock, in seconds of the leader's timeline. */
  time: number
  playing: boolean
  /** Why the browser refused to play, in words; null while it plays or has not been asked. */
  problem: string | null
  /** Hands a member's <video> to the group (null when it goes). */
  attach(id: string, video: HTMLVideoElement | null): void
  toggle(): void
  seek(time: number): void
}

/**
 * One Play/Pause and one seek for several <video>s: the leader (the longest) keeps the clock, each other
 * member follows at the clock minus its offset (where its time 0 lies on the leader's timeline), paused
 * while the clock is outside it.
 */
export function useSyncedPlayback(leaderId: string | null, offsets: Readonly<Record<string, number>>): SyncedPlayback {
  const videos = useRef(new Map<string, HTMLVideoElement>())
  const [time, setTime] = useState(0)
  const [playing, setPlaying] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const frame = useRef(0)

  const follow = useCallback(
    (clock: number, running: boolean) => {
      for (const [id, video] of videos.current) {
        if (id === leaderId) continue
        const own = clock - (offsets[id] ?? 0)
        const inside = own >= 0 && (Number.isNaN(video.duration) || own < video.duration)
        if (!inside || !running) {
          if (!video.paused) video.pause()
          if (!running || own < 0) video.currentTime = Math.max(0, Math.min(own, video.duration || 0))
          continue
        }
        if (Math.abs(video.currentTime - own) > DRIFT) video.currentTime = own
        if (video.paused) video.play().catch(() => {})
      }
    },
    [leaderId, offsets],
  )

  const stop = useCallback(() => {
    cancelAnimationFrame(frame.current)
    setPlaying(false)
  }, [])

  // Follows the leader each frame while it plays; once it stops, puts the others where it stopped.
  const run = useCallback(() => {
    const step = () => {
      const leader = leaderId ? videos.current.get(leaderId) : undefined
      if (!leader) return stop()
      const clock = leader.currentTime
      const running = !leader.paused && !leader.ended
      follow(clock, running)
      setTime((shown) => (Math.abs(shown - clock) >= SHOWN_STEP || !running ? clock : shown))
      if (running) frame.current = requestAnimationFrame(step)
      else stop()
    }
    cancelAnimationFrame(frame.current)
    step()
  }, [leaderId, follow, stop])

  useEffect(() => () => cancelAnimationFrame(frame.current), [])

  const play = () => {
    const leader = leaderId ? videos.current.get(leaderId) : undefined
    if (!leader) return
    if (leader.ended) leader.currentTime = 0
    setProblem(null)
    leader.play().then(
      () => {
        setPlaying(true)
        run()
      },
      (error: unknown) => {
        setProblem(`The browser could not play it: ${error instanceof Error ? error.message : String(error)}`)
      },
    )
  }

  return {
    time,
    playing,
    problem,
    attach: useCallback((id, video) => {
      if (video) videos.current.set(id, video)
      else videos.current.delete(id)
    }, []),
    toggle() {
      if (!playing) return play()
      for (const video of videos.current.values()) video.pause()
      run()
    },
    seek(to) {
      const leader = leaderId ? videos.current.get(leaderId) : undefined
      if (leader) leader.currentTime = to
      follow(to, playing)
      setTime(to)
    },
  }
}
