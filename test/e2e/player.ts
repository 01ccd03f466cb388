import type { Locator, Page } from '@playwright/test'
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

/** Where the video's picture is drawn on the page: its element letterboxes it (object-fit: contain). */
export function pictureRect(video: Locator) {
  return video.evaluate((element: HTMLVideoElement) => {
    const box = element.getBoundingClientRect()
    const scale = Math.min(box.width / element.videoWidth, box.height / element.videoHeight)
    const [width, height] = [element.videoWidth * scale, element.videoHeight * scale]
    return { x: box.left + (box.width - width) / 2, y: box.top + (box.height - height) / 2, width, height }
  })
}

/** Drags the mouse from one point of the page to another, in steps (as the Area tool is drawn). */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 3 })
  await page.mouse.move(to.x, to.y, { steps: 3 })
  await page.mouse.up()
}
