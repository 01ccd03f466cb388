/**
 * The app's own links to the outside world, by name. The Electron host opens a URL in the
 * user's browser only if it is exactly one of these; anything else a page asks for goes nowhere.
 */
export const externalLinks = {
  /** The licence terms of the bundled ffmpeg/ffprobe (GPL builds): shown with the app's credits. */
  ffmpegLegal: 'https://ffmpeg.org/legal.html',
} as const

const allowed: ReadonlySet<string> = new Set(Object.values(externalLinks))

/** True only for an http(s) URL that is exactly one of the app's own external links. */
export function isAppExternalLink(url: string): boolean {
  return allowed.has(url) && /^https?:\/\//.test(url)
}
