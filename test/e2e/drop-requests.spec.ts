import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deflateSync } from 'node:zlib'
import { dropFiles, openImports, openLibrary, type DroppedFile } from './import-helpers'
import { expect, test } from './web-host-fixture'

// Enough files that a request per file would stand out against a bound of N/10, few enough that
// the import of tiny images stays well under a minute on a shared two-core machine.
const FILES = 200

test.setTimeout(120_000)

test('a drop of many files asks the backend in proportion to the pages shown, not to the files', async ({
  page,
  webHost,
}) => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'framevault-drop-'))
  try {
    const files: DroppedFile[] = Array.from({ length: FILES }, (_, index) => {
      const file = path.join(folder, `tile-${String(index).padStart(4, '0')}.png`)
      writeFileSync(file, tinyPng(index))
      return { name: path.basename(file), type: 'image/png', path: file }
    })
    await openLibrary(page, webHost.url)
    // Only what the drop causes: the first page's loads are done (the empty library is shown).
    const calls = new Map<string, number>()
    page.on('request', (request) => {
      const { pathname } = new URL(request.url())
      if (!pathname.startsWith('/api/')) return
      const channel = pathname.slice('/api/'.length)
      calls.set(channel, (calls.get(channel) ?? 0) + 1)
    })

    await dropFiles(page, files)
    await openImports(page)
    const job = page.getByTestId('import-job')
    await expect(job).toHaveAttribute('data-state', 'done', { timeout: 90_000 })
    await expect(job.getByTestId('import-counts')).toHaveText(`${FILES} imported`)
    // The grid's one page (200 assets) holds the drop once the end-of-import reload is in.
    await expect(page.getByTestId('media-card').first()).toBeVisible()
    await expect(page.getByTestId('result-count')).toContainText(String(FILES))
    // Late events (thumbnails) settle: the counts must not move for a while.
    let last = ''
    await expect
      .poll(
        () => {
          const now = JSON.stringify([...calls])
          const settled = now === last
          last = now
          return settled
        },
        { intervals: [1_000], timeout: 30_000 },
      )
      .toBe(true)

    const counts = Object.fromEntries(calls)
    const total = [...calls.values()].reduce((sum, n) => sum + n, 0)
    console.log(`requests after dropping ${FILES} files: ${total}`, counts)
    // No asset is read one by one: the list reload shows them a page at a time.
    expect(counts['media:get'] ?? 0).toBe(0)
    // One import, a reload of the one page shown and its counts, the job panel: a handful of
    // requests whatever the number of files; a request per file (or per ten) would exceed N/10.
    expect(total).toBeLessThan(FILES / 10)
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
})

/** An 8x8 PNG of one colour derived from `seed`: distinct bytes per seed, so each file is a new asset. */
function tinyPng(seed: number): Buffer {
  const size = 8
  const row = Buffer.alloc(1 + size * 3)
  for (let x = 0; x < size; x++) row.set([seed & 0xff, (seed >> 8) & 0xff, x * 30], 1 + x * 3)
  const pixels = Buffer.concat(Array.from({ length: size }, () => row))
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}
