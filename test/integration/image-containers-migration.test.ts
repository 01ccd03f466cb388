import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { call } from '../helpers/browse'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Migration 0420: AVIF and HEIF images imported before were filed under ffprobe's "mov,mp4,…" family.

const ISO = 'mov,mp4,m4a,3gp,3g2,mj2'

/** A library at schema 410 with an AVIF and a HEIC image, and an AV1 video in MP4, as imports filed them then. */
function libraryOfIsoImages(): string {
  const dir = tempDir()
  const { db } = openDatabase(
    path.join(dir, 'library.db'),
    migrations.filter((migration) => migration.version <= 410),
    {},
  )
  const insert = db.prepare(`INSERT INTO videos (id, name, file_path, media_type, metadata) VALUES (?, ?, ?, ?, ?)`)
  const metadata = (videoCodec: string) => JSON.stringify({ container: ISO, containerName: 'MP4', videoCodec })
  insert.run('still', 'grid.avif', '/x/grid.avif', 'image', metadata('av1'))
  insert.run('phone', 'IMG_0001.HEIC', '/x/IMG_0001.HEIC', 'image', metadata('hevc'))
  insert.run('clip', 'clip.mp4', '/x/clip.mp4', 'video', metadata('av1'))
  db.close()
  return dir
}

describe('migration 0420: AVIF and HEIF images get containers of their own', () => {
  it('files the images by their picture codec, leaves the video, and the counts follow', async () => {
    const lib = testLibrary(libraryOfIsoImages())
    const containers = lib.sqlite.db
      .prepare("SELECT id, container, json_extract(metadata, '$.containerName') AS name FROM videos ORDER BY id")
      .all()
    expect(containers).toEqual([
      { id: 'clip', container: ISO, name: 'MP4' },
      { id: 'phone', container: 'heif', name: 'HEIF' },
      { id: 'still', container: 'avif', name: 'AVIF' },
    ])
    const facets = await call<{ container: Array<{ value: string; count: number }> }>(lib, 'media:facets', {})
    expect(facets.container.map(({ value, count }) => [value, count]).sort()).toEqual([
      ['avif', 1],
      ['heif', 1],
      [ISO, 1],
    ])
  })
})
