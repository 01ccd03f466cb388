import { createReadStream, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeleteResult, ImportItem, ImportJob, MediaAsset, SubtitleTrack } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import {
  ENGLISH_CUES,
  FRENCH_CUES,
  GERMAN_CUES,
  MOV_TEXT_CUES,
  srt,
  writeSubtitledMkv,
  writeSubtitledMp4,
} from '../fixtures/subtitled-clips'
import { call, suiteTempDir } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary, tmpFiles } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

let folder: string
let lib: Library
let items: ImportItem[]
const idOf = (name: string) => items.find((item) => item.name === name)!.asset!.id
const tracksOf = (target: Library, assetId: string) => call<SubtitleTrack[]>(target, 'subtitles:list', { assetId })
/** The assets a search finds, with why they matched. */
const search = async (target: Library, query: string) =>
  (
    await call<{ items: MediaAsset[] }>(target, 'media:list', {
      query,
      sort: { by: 'name', dir: 'asc' },
      cursor: null,
      limit: 50,
    })
  ).items.map((asset) => [asset.name, asset.matched])

beforeAll(async () => {
  folder = suiteTempDir()
  writeSubtitledMkv(folder)
  writeSubtitledMp4(folder)
  lib = openLibrary(suiteTempDir())
  ;({ items } = await importAndWait(lib, [folder]))
})
afterAll(() => lib.close())

describe('subtitles are read at import (issue 36 point 4)', () => {
  it('reads an MKV’s SubRip and ASS streams and its Windows-1252 sidecar, with times and languages', async () => {
    // The sidecar is read with its video: it has no outcome of its own.
    expect(items.map((item) => [item.name, item.outcome]).sort()).toEqual([
      ['subtitled-mp4.mp4', 'imported'],
      ['subtitled.mkv', 'imported'],
    ])
    const tracks = await tracksOf(lib, idOf('subtitled.mkv'))
    expect(tracks.every((track) => Number.isInteger(track.id))).toBe(true)
    expect(tracks.map((track) => ({ ...track, id: undefined }))).toEqual([
      {
        id: undefined,
        source: 'stream',
        streamIndex: 1,
        fileName: null,
        codec: 'subrip',
        language: 'eng',
        title: null,
        cues: ENGLISH_CUES,
        problem: null,
      },
      {
        id: undefined,
        source: 'stream',
        streamIndex: 2,
        fileName: null,
        codec: 'ass',
        language: 'ger',
        title: 'Deutsch',
        cues: GERMAN_CUES,
        problem: null,
      },
      {
        id: undefined,
        source: 'sidecar',
        streamIndex: null,
        fileName: 'subtitled.fr.srt',
        codec: 'subrip',
        language: 'fr',
        title: null,
        cues: FRENCH_CUES,
        problem: null,
      },
    ])
  })

  it('reads an MP4’s mov_text stream', async () => {
    const [track] = await tracksOf(lib, idOf('subtitled-mp4.mp4'))
    expect(track).toMatchObject({ source: 'stream', codec: 'mov_text', language: 'eng', cues: MOV_TEXT_CUES })
  })

  it('finds a word of each track by search, the hit at its cue', async () => {
    expect(await search(lib, 'lantern')).toEqual([
      [
        'subtitled.mkv',
        {
          field: 'subtitles',
          at: 1,
          parts: [
            { text: 'The ', hit: false },
            { text: 'lantern', hit: true },
            { text: ' glows', hit: false },
          ],
        },
      ],
    ])
    expect(await search(lib, 'wanderer')).toEqual([
      ['subtitled.mkv', expect.objectContaining({ field: 'subtitles', at: 0.5 })],
    ])
    // Diacritics aside, as every search: "chateau" finds "château".
    expect(await search(lib, 'chateau')).toEqual([
      ['subtitled.mkv', expect.objectContaining({ field: 'subtitles', at: 2 })],
    ])
    expect(await search(lib, 'quartz')).toEqual([
      ['subtitled-mp4.mp4', expect.objectContaining({ field: 'subtitles', at: 0.75 })],
    ])
  })

  it('takes the subtitles to the trash with the asset and brings them back on undo', async () => {
    const id = idOf('subtitled-mp4.mp4')
    const { batchId } = await call<DeleteResult>(lib, 'media:delete', { ids: [id] })
    expect(await search(lib, 'quartz')).toEqual([])
    await expect(tracksOf(lib, id)).rejects.toThrow(/not_found/)
    await call(lib, 'trash:undo', { batchId })
    expect(await search(lib, 'quartz')).toEqual([['subtitled-mp4.mp4', expect.objectContaining({ at: 0.75 })]])
    expect((await tracksOf(lib, id))[0]!.cues).toEqual(MOV_TEXT_CUES)
  })

  it('says why a subtitle file imported without its video is not imported', async () => {
    const lone = path.join(tempDir(), 'orphan.en.srt')
    writeFileSync(lone, srt(ENGLISH_CUES))
    const { items: loneItems } = await importAndWait(lib, [lone])
    expect(loneItems).toMatchObject([
      { outcome: 'failed', reason: expect.stringMatching(/^A subtitle file is read with its video/) },
    ])
  })
})

describe('subtitles:read reads a video’s subtitles again', () => {
  it('finds what a video imported before subtitles were read has, and a sidecar added since', async () => {
    const id = idOf('subtitled-mp4.mp4')
    // As a library upgraded to migration 0440 has it: no track read at import.
    await lib.catalog.repos.subtitles.replace(id, [], new Date().toISOString())
    expect(await search(lib, 'quartz')).toEqual([])
    writeFileSync(path.join(folder, 'subtitled-mp4.de.srt'), srt(GERMAN_CUES))
    const tracks = await call<SubtitleTrack[]>(lib, 'subtitles:read', { assetId: id })
    expect(tracks.map((track) => [track.source, track.fileName, track.language, track.cues])).toEqual([
      ['stream', null, 'eng', MOV_TEXT_CUES],
      ['sidecar', 'subtitled-mp4.de.srt', 'de', GERMAN_CUES],
    ])
    expect(await search(lib, 'quartz')).toEqual([['subtitled-mp4.mp4', expect.objectContaining({ at: 0.75 })]])
    expect(await search(lib, 'schläft')).toEqual([
      ['subtitled-mp4.mp4', expect.objectContaining({ at: 0.5 })],
      ['subtitled.mkv', expect.objectContaining({ at: 0.5 })],
    ])
  })

  it('keeps a sidecar track whose file is no longer beside the original, and refuses what is no video', async () => {
    const id = idOf('subtitled.mkv')
    const before = await tracksOf(lib, id)
    rmSync(path.join(folder, 'subtitled.fr.srt'))
    const after = await call<SubtitleTrack[]>(lib, 'subtitles:read', { assetId: id })
    const withoutIds = (tracks: SubtitleTrack[]) => tracks.map((track) => ({ ...track, id: 0 }))
    expect(withoutIds(after)).toEqual(withoutIds(before))
    await expect(call(lib, 'subtitles:read', { assetId: 'nope' })).rejects.toThrow(/not_found/)
  })
})

describe('a drop pairs a video with its subtitle files by name', () => {
  it('reads the sidecar uploaded with the video, in either order, and leaves no upload behind', async () => {
    const video = path.join(folder, 'subtitled-mp4.mp4')
    const sidecar = path.join(tempDir(), 'subtitled-mp4.en.srt')
    writeFileSync(sidecar, srt(FRENCH_CUES))
    for (const order of [
      [video, sidecar],
      [sidecar, video],
    ]) {
      const dropped = testLibrary()
      const refs = []
      for (const file of order)
        refs.push({
          ...(await dropped.uploads.receive(createReadStream(file), path.basename(file))),
          name: path.basename(file),
        })
      const started = await dispatch(dropped, 'media:import-uploads', {
        uploads: refs.map(({ uploadId, name }) => ({ uploadId, name })),
      })
      if (!started.ok) throw new Error(started.error.message)
      await dropped.importer.idle()
      const { job } = started.data as { job: ImportJob }
      const done = await call<{ items: ImportItem[] }>(dropped, 'import:get', { jobId: job.id })
      expect(done.items.map((item) => [item.name, item.outcome])).toEqual([['subtitled-mp4.mp4', 'imported']])
      const tracks = await tracksOf(dropped, done.items[0]!.asset!.id)
      expect(tracks.map((track) => [track.source, track.fileName, track.language, track.cues])).toEqual([
        ['stream', null, 'eng', MOV_TEXT_CUES],
        ['sidecar', 'subtitled-mp4.en.srt', 'en', FRENCH_CUES],
      ])
      expect(await search(dropped, 'brule')).toEqual([['subtitled-mp4.mp4', expect.objectContaining({ at: 2 })]])
      // The sidecar's upload went as the job ended, with the rest.
      expect(tmpFiles(dropped)).toEqual([])
    }
  })
})
