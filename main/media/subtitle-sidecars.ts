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

/**
 * The stems a subtitle file may belong to, longest first: `a.en.forced.srt` to `a.en.forced`, `a.en` and `a`. A video
 * is found by its stem among them, so pairing a folder of thousands costs one lookup per file, not one per pair.
 */
export function candidateStems(fileName: string): string[] {
  const base = path.parse(fileName).name
  const stems: string[] = []
  for (let end = base.length; end > 0; end = base.lastIndexOf('.', end - 1)) stems.push(base.slice(0, end))
  return stems
}

/** Things by every stem their name may belong to (see candidateStems). */
function byStem<T>(items: readonly T[], nameOf: (item: T) => string): Map<string, T[]> {
  const index = new Map<string, T[]>()
  for (const item of items) {
    for (const stem of candidateStems(nameOf(item))) {
      const list = index.get(stem)
      if (list) list.push(item)
      else index.set(stem, [item])
    }
  }
  return index
}

/** A folder's subtitle file names by the stems they may belong to (empty when it cannot be read). */
export type SubtitleListing = (dir: string) => Promise<Map<string, string[]>>

/**
 * Lists folders' subtitle files once each: an import of a folder of 10,000 clips reads the folder once, not once
 * per clip, and keeps only the subtitle names, by stem.
 */
export function cachedSubtitleListing(): SubtitleListing {
  const listed = new Map<string, Promise<Map<string, string[]>>>()
  return (dir) => {
    let names = listed.get(dir)
    if (!names) listed.set(dir, (names = listSubtitleFiles(dir)))
    return names
  }
}

async function listSubtitleFiles(dir: string): Promise<Map<string, string[]>> {
  const names = await readdir(dir).catch(() => [] as string[])
  return byStem(names.filter(isSubtitleFile), (name) => name)
}

/** The subtitle files in the folder of the video at `videoPath`; none when the folder cannot be read. */
export function subtitlesBeside(videoPath: string, listing: SubtitleListing = listSubtitleFiles): SubtitleFinder {
  const dir = path.dirname(videoPath)
  return async (videoName) => {
    const candidates = (await listing(dir)).get(path.parse(videoName).name) ?? []
    const found = await Promise.all(
      candidates.map(async (name) => {
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
  const index = byStem(
    files.filter((file) => isSubtitleFile(file.name)),
    (file) => file.name,
  )
  return async (videoName) =>
    (index.get(path.parse(videoName).name) ?? [])
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
  // A folder's videos by stem: `${folder}\0${stem}` → their names.
  const videos = new Map<string, string[]>()
  for (const file of files) {
    const { name, folder } = placeOf(file)
    if (mediaTypeOf(name) !== 'video') continue
    const key = `${folder}\0${path.parse(name).name}`
    const list = videos.get(key)
    if (list) list.push(name)
    else videos.set(key, [name])
  }
  return new Set(
    files.filter((file) => {
      const { name, folder } = placeOf(file)
      if (!isSubtitleFile(name)) return false
      return candidateStems(name).some((stem) =>
        (videos.get(`${folder}\0${stem}`) ?? []).some((video) => subtitleSidecarOf(video, name) !== null),
      )
    }),
  )
}
