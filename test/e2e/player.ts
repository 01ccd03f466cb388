import type { Locator } from '@playwright/test'
import { expect } from './web-host-fixture'

/** The video's playhead once it has settled (not seeking, a frame decoded). */
export async function settledTime(video: Locator): Promise<number> {
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => !v.seeking && v.readyState >= 2)).toBe(true)
  return video.evaluate((v: HTMLVideoElement) => v.currentTime)
}

/** Where the playhead line stands across a lane's track or the ruler, as a share (0–1) of its width. */
export function playheadShare(track: Locator): Promise<number> {
  return track.evaluate((element) => {
    const box = element.getBoundingClientRect()
    const line = element.querySelector(':scope > .playhead')!.getBoundingClientRect()
    return (line.left + line.width / 2 - box.left) / box.width
  })
}
