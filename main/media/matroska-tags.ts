import { EbmlValues, knownChildren, only, type EbmlElement } from './ebml'
import { unsure } from './iso-boxes'

/** An ffmpeg metadata dictionary: setting a key replaces any entry of the same name in another case (av_dict_set). */
export class FfDictionary {
  private readonly entries = new Map<string, [string, string]>()

  set(key: string, value: string): void {
    this.entries.delete(key.toLowerCase())
    this.entries.set(key.toLowerCase(), [key, value])
  }

  /** ffmpeg's ff_metadata_conv: the entries set again in order, keys named in `names` (any case) renamed. */
  rename(names: ReadonlyMap<string, string>): void {
    const entries = [...this.entries.values()]
    this.entries.clear()
    for (const [key, value] of entries) this.set(names.get(key.toLowerCase()) ?? key, value)
  }

  get size(): number {
    return this.entries.size
  }

  toObject(): Record<string, string> {
    return Object.fromEntries(this.entries.values())
  }
}

const ID = {
  Tag: 0x7373,
  Targets: 0x63c0,
  SimpleTag: 0x67c8,
  TargetTypeValue: 0x68ca,
  TargetType: 0x63ca,
  TagTrackUID: 0x63c5,
  TagName: 0x45a3,
  TagLanguage: 0x447a,
  TagDefault: 0x4484,
  TagString: 0x4487,
}
// The Matroska names ffmpeg renames to its own after reading tags (ff_mkv_metadata_conv).
const RENAMED = new Map([
  ['lead_performer', 'performer'],
  ['part_number', 'track'],
])

/**
 * Sorts the Tags element's simple tags into the file's dictionary (no target) and its tracks'
 * (TagTrackUID), named as ffmpeg's matroska_convert_tag names them ("PARENT/CHILD" when nested).
 * Unsure on targets other than tracks, a TargetType (a key prefix) or binary values.
 */
export function readTags(
  buf: Buffer,
  tags: EbmlElement,
  format: FfDictionary,
  tracks: Map<string, FfDictionary>,
): void {
  for (const tag of knownChildren(buf, tags, new Set([ID.Tag]))) {
    const parts = knownChildren(buf, tag, new Set([ID.Targets, ID.SimpleTag]))
    const targets = only(parts, ID.Targets)
    const trackUid = targets
      ? new EbmlValues(buf, knownChildren(buf, targets, new Set([ID.TargetTypeValue, ID.TagTrackUID]))).uid(
          ID.TagTrackUID,
        )
      : ''
    // A tag for a track that is not there is dropped, as ffmpeg drops it.
    const dictionary = trackUid ? tracks.get(trackUid) : format
    if (!dictionary) continue
    for (const simple of parts.filter((part) => part.id === ID.SimpleTag)) readSimpleTag(buf, simple, dictionary, null)
    dictionary.rename(RENAMED)
  }
}

function readSimpleTag(buf: Buffer, simple: EbmlElement, dictionary: FfDictionary, prefix: string | null): void {
  const parts = knownChildren(
    buf,
    simple,
    new Set([ID.TagName, ID.TagLanguage, ID.TagDefault, ID.TagString, ID.SimpleTag]),
  )
  const values = new EbmlValues(buf, parts)
  const name = values.text(ID.TagName) ?? unsure('a tag without a name')
  const value = values.text(ID.TagString) ?? unsure('a tag without a string')
  const language = values.text(ID.TagLanguage) ?? 'und'
  const key = prefix === null ? name : `${prefix}/${name}`
  // A tag in a language is kept as "NAME-lang", and under its bare name too when it says it is the default
  // (ffmpeg reads an absent TagDefault as 0, not the spec's 1).
  const localized = `${key}-${language}`
  const keys = language === 'und' ? [key] : values.uint(ID.TagDefault, 0) ? [key, localized] : [localized]
  for (const each of keys) {
    dictionary.set(each, value)
    for (const nested of parts.filter((part) => part.id === ID.SimpleTag)) readSimpleTag(buf, nested, dictionary, each)
  }
}
