import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'
import type { ChannelOutput, MediaSortKey } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/services/library-context'

export type Page = ChannelOutput<'media:list'>

/** Calls a channel through the dispatcher (as every host does) and returns its data; throws its error. */
export async function call<T>(lib: Library, channel: string, input: unknown): Promise<T> {
  const answer = await dispatch(lib, channel, input)
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.code} ${answer.error.message}`)
  return answer.data as T
}

/** Every id of a `media:list` listing, fetched page by page with the cursors it hands out. */
export async function listAll(lib: Library, input: Record<string, unknown>, limit = 37): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  do {
    const page: Page = await call(lib, 'media:list', { ...input, limit, cursor })
    ids.push(...page.items.map((item) => item.id))
    cursor = page.nextCursor
  } while (cursor !== null)
  return ids
}

/** A fresh folder kept for the whole test file (tempDir's go after each test), removed after it. */
export function suiteTempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'framevault-suite-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Each sort's key in plain SQL over `videos`, as migration 0060's sort columns define it: the tests' reference order. */
export const SORT_SQL: Record<MediaSortKey, string> = {
  imported: 'coalesce(imported_at, created_at)',
  name: 'lower(name)',
  duration: 'coalesce(duration_seconds, -1)',
  size: 'coalesce(size_bytes, -1)',
  resolution:
    "coalesce(CAST(substr(resolution, 1, instr(resolution, 'x') - 1) AS INTEGER) * CAST(substr(resolution, instr(resolution, 'x') + 1) AS INTEGER), -1)",
}

// What media:get adds to an asset's whole record.
const DETAIL_ONLY = new Set(['tags', 'collections', 'versions'])

/** An asset's whole record as `media:list` gives it with `view: 'full'`, from the `media:get` answer of it. */
export function recordOfDetail(detail: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(detail).filter(([key]) => !DETAIL_ONLY.has(key)))
}
