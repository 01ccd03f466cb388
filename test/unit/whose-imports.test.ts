import { describe, expect, it } from 'vitest'
import type { ImportJob } from '../../shared/contract'
import type { ImportEntry } from '../../renderer/src/features/import/import-entries'
import { importsShown, ownerLabel } from '../../renderer/src/features/import/whose-imports'

const entry = (id: string, requestedBy: string | null) => ({ job: { id, requestedBy } }) as unknown as ImportEntry
const ENTRIES = [entry('e1', 'Eddie'), entry('a1', 'admin'), entry('w1', null), entry('e2', 'Eddie')]
const ids = (entries: ImportEntry[]) => entries.map((one) => one.job.id)

describe('whose imports the panel shows', () => {
  it('shows a signed-in person their own by default, everyone’s when asked, and all where nobody signs in', () => {
    expect(ids(importsShown(ENTRIES, 'Eddie', false))).toEqual(['e1', 'e2'])
    expect(ids(importsShown(ENTRIES, 'Vera', false))).toEqual([])
    expect(ids(importsShown(ENTRIES, 'Eddie', true))).toEqual(['e1', 'a1', 'w1', 'e2'])
    expect(ids(importsShown(ENTRIES, null, false))).toEqual(['e1', 'a1', 'w1', 'e2'])
  })

  it('names whose an import is from the reader’s side, and nobody’s when no person started it', () => {
    const job = (requestedBy: string | null) => ({ requestedBy }) as ImportJob
    expect(ownerLabel(job('Eddie'), 'admin')).toBe("Eddie's")
    expect(ownerLabel(job('admin'), 'admin')).toBe('Your')
    expect(ownerLabel(job(null), 'admin')).toBeNull()
  })
})
