import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { mediaTypeOf } from './media-types'

/** A subtitle file of a video: found beside it, or among the files of its drop. */
export interface SubtitleFile {
  name: string
  path: string
  size: number
  /** As its name gives it (`clip.en.srt`: "en"); null when it gives none. */
  language: string | null
}

/** Finds the subtitle files of the video named `videoName`, in name order. */
export type SubtitleFinder = (videoName: string) => Promise<SubtitleFile[]>

/** The subtitle files read beside a video, by extension: SubRip, WebVTT, ASS and SSA. */
const SUBTITLE_EXTENSIONS = new Set(['.srt', '.vtt', '.ass', '.ssa'])
// What players accept between a video's stem and a subtitle file's extension besides a language: a flag.
const FLAGS = new Set(['forced', 'sdh', 'cc', 'hi', 'default', 'full'])
// A language tag: "en", "eng", "pt-BR", "zh_Hans".
const LANGUAGE = /^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})?$/i

/** Whether a file name is a subtitle file's (by its extension). */
export function isSubtitleFile(fileName: string): boolean {
  return SUBTITLE_EXTENSIONS.has(path.extname(fileName).toLowerCase())
}

/**
 * Whether `fileName` is a subtitle file of the video `videoName`, as players pair them by name, and the
 * language its name gives: `clip.srt` (none), `clip.en.vtt` ("en"), `clip.pt-BR.forced.ass` ("pt-BR").
 * Null when it is not: another stem, another extension, or words after the stem that are no language or flag
 * (`clip.part2.srt` belongs to `clip.part2.mp4`).
 */
export function subtitleSidecarOf(videoName: string, fileName: string): { language: string | null } | null {
  if (!isSubtitleFile(fileName)) return null
  const stem = path.parse(videoName).name
  const base = path.parse(fileName).name
  if (base === stem) return { language: null }
  if (!base.startsWith(`${stem}.`)) return null
  const tags = base.slice(stem.length + 1).split('.')
  if (!tags.every((tag) => FLAGS.has(tag.toLowerCase()) || LANGUAGE.test(tag))) return null
  return { language: tags.find((tag) => !FLAGS.has(tag.toLowerCase())) ?? null }
}

/** The names of the subtitle files in a folder ([] when it cannot be read). */
export type SubtitleListing = (dir: string) => Promise<string[]>

/**
 * Lists folders' subtitle files once each: an import of a folder of 10,000 clips reads the folder once, not once
 * per clip, and keeps only the few subtitle names to match against.
 */
export function cachedSubtitleListing(): SubtitleListing {
  const listed = new Map<string, Promise<string[]>>()
  return (dir) => {
    let names = listed.get(dir)
    if (!names) listed.set(dir, (names = listSubtitleFiles(dir)))
    return names
  }
}

async function listSubtitleFiles(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter(isSubtitleFile)
}

/** The subtitle files in the folder of the video at `videoPath`; none when the folder cannot be read. */
export function subtitlesBeside(videoPath: string, listing: SubtitleListing = listSubtitleFiles): SubtitleFinder {
  const dir = path.dirname(videoPath)
  return async (videoName) => {
    const found = await Promise.all(
      (await listing(dir)).map(async (name) => {
        const sidecar = subtitleSidecarOf(videoName, name)
        const info = sidecar && (await stat(path.join(dir, name)).catch(() => null))
        return sidecar && info?.isFile() ? { name, path: path.join(dir, name), size: info.size, ...sidecar } : null
      }),
    )
    return found.filter((file) => file !== null).sort(byName)
  }
}

/** The subtitle files among these (the files of one drop, which carries no folders). */
export function subtitlesAmong(files: readonly { name: string; path: string; size: number }[]): SubtitleFinder {
  const subtitleFiles = files.filter((file) => isSubtitleFile(file.name))
  return async (videoName) =>
    subtitleFiles
      .flatMap((file) => {
        const sidecar = subtitleSidecarOf(videoName, file.name)
        return sidecar ? [{ name: file.name, path: file.path, size: file.size, ...sidecar }] : []
      })
      .sort(byName)
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/**
 * The subtitle files among these that belong to a video among them (same folder, paired by name): they are read
 * with their video and not imported on their own. `placeOf` says what a file is named and where it lies (one drop
 * is one folder).
 */
export function pairedSubtitles<T>(
  files: readonly T[],
  placeOf: (file: T) => { name: string; folder: string },
): Set<T> {
  const videos = new Map<string, string[]>()
  for (const file of files) {
    const { name, folder } = placeOf(file)
    if (mediaTypeOf(name) === 'video') videos.set(folder, [...(videos.get(folder) ?? []), name])
  }
  return new Set(
    files.filter((file) => {
      const { name, folder } = placeOf(file)
      return isSubtitleFile(name) && (videos.get(folder) ?? []).some((video) => subtitleSidecarOf(video, name) !== null)
    }),
  )
}
