/**
 * Puts long texts into the mdta tags of an mp4 that ffmpeg wrote with `-movflags
 * use_metadata_tags` and placeholder values. VideoHelperSuite hands ffmpeg the texts in an
 * FFMETADATA file, but the bundled (2018) ffmpeg cuts such lines at 1 KiB and a command-line
 * argument at 128 KiB, while a workflow is often longer: so ffmpeg writes placeholders and the
 * `data` boxes holding them are rewritten here, with the sizes of the boxes around them
 * (moov/udta/meta/ilst). That is safe only because moov is the file's last box: nothing after it
 * moves, and the sample offsets point into mdat before it.
 */
export function fillMp4Tags(file: Buffer, texts: ReadonlyMap<string, string>): Buffer {
  const top = childBoxes(file, 0, file.length)
  const moov = top.at(-1)
  if (moov?.type !== 'moov') throw new Error('The mp4 does not end with its moov box.')
  const udta = childBoxes(file, moov.body, moov.end).find((box) => box.type === 'udta')
  const meta = udta && childBoxes(file, udta.body, udta.end).find((box) => box.type === 'meta')
  // meta is a full box: version and flags come before its children.
  const ilst = meta && childBoxes(file, meta.body + 4, meta.end).find((box) => box.type === 'ilst')
  if (!moov || !udta || !meta || !ilst) throw new Error('The mp4 has no moov/udta/meta/ilst tags.')
  const items = childBoxes(file, ilst.body, ilst.end).map((item) => {
    const data = childBoxes(file, item.body, item.end).find((box) => box.type === 'data')
    const value = data ? file.toString('utf8', data.body + 8, data.end) : null
    const text = value === null ? undefined : texts.get(value)
    if (!data || text === undefined) return file.subarray(item.start, item.end)
    const dataBox = box('data', Buffer.concat([file.subarray(data.body, data.body + 8), Buffer.from(text, 'utf8')]))
    return box(file.toString('latin1', item.start + 4, item.start + 8), dataBox)
  })
  const newIlst = box('ilst', Buffer.concat(items))
  const grown = newIlst.length - (ilst.end - ilst.start)
  const head = Buffer.from(file.subarray(0, ilst.start))
  for (const parent of [moov, udta, meta]) head.writeUInt32BE(parent.end - parent.start + grown, parent.start)
  return Buffer.concat([head, newIlst, file.subarray(ilst.end)])
}

type Box = { type: string; start: number; body: number; end: number }

/** The boxes between `start` and `end` (32-bit sizes only: ffmpeg writes no larger ones for a small clip). */
function childBoxes(file: Buffer, start: number, end: number): Box[] {
  const boxes: Box[] = []
  for (let at = start; at + 8 <= end;) {
    const size = file.readUInt32BE(at)
    if (size < 8 || at + size > end) throw new Error(`A box of the mp4 at byte ${at} has a size it cannot have.`)
    boxes.push({ type: file.toString('latin1', at + 4, at + 8), start: at, body: at + 8, end: at + size })
    at += size
  }
  return boxes
}

/** A box of `type` around `body` (an ilst item's type is its key index: bytes, hence latin1). */
function box(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(8 + body.length, 0)
  head.write(type, 4, 'latin1')
  return Buffer.concat([head, body])
}
