import { useEffect, useState, type RefObject } from 'react'

export type Player = RefObject<HTMLMediaElement | null>

/**
 * The player's time, updated on its time and seek events (a few a second while it plays) and whether it plays.
 * Media events do not bubble: they are heard in the capture phase on the document, so a player mounted later
 * (another asset) is still heard.
 */
export function usePlayerTime(media: Player): { time: number; playing: boolean } {
  const [state, setState] = useState({ time: 0, playing: false })
  useEffect(() => {
    const hear = (event: Event) => {
      const player = media.current
      if (!player || event.target !== player) return
      setState((old) =>
        old.time === player.currentTime && old.playing === !player.paused
          ? old
          : { time: player.currentTime, playing: !player.paused },
      )
    }
    const names = ['timeupdate', 'seeked', 'play', 'pause', 'emptied']
    for (const name of names) document.addEventListener(name, hear, true)
    return () => {
      for (const name of names) document.removeEventListener(name, hear, true)
    }
  }, [media])
  return state
}

/** Moves the player to `seconds`, kept within what it can play. */
export function seekTo(media: Player, seconds: number): void {
  const player = media.current
  if (player) player.currentTime = Math.max(0, Math.min(seconds, player.duration || seconds))
}
