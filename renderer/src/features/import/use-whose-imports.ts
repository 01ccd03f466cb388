import { useState } from 'react'
import { useSignedIn } from '../people/index'
import type { ImportEntry } from './import-entries'
import { importsShown } from './whose-imports'

/**
 * Whose imports the panel shows: on a team hub the person's own by default, everyone's when they choose (kept for
 * this window only: each opening starts with their own). Off a hub, `me` is null and all are shown.
 */
export function useWhoseImports(entries: ImportEntry[]) {
  const me = useSignedIn()?.name ?? null
  const [everyone, setEveryone] = useState(false)
  const visible = importsShown(entries, me, everyone)
  return { me, everyone, setEveryone, visible, others: entries.length - importsShown(entries, me, false).length }
}
