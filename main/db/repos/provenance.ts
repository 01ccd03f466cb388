import type { Database } from 'better-sqlite3'
import type { ImportJob } from '../../../shared/contract'

/** The import job that brought an asset in, with the path its item read. */
export interface ProvenanceJob {
  id: string
  source: ImportJob['source']
  link: boolean
  importedBy: string
  createdAt: string
  state: ImportJob['state']
  path: string
}

/** A file that was dropped onto an asset: an import item whose outcome is "duplicate of" it. */
export interface DroppedDuplicate {
  jobId: string
  path: string
  name: string
  sizeBytes: number | null
  at: string
  importedBy: string
}

// A row of RECORDS_SQL: the item as a dropped duplicate reads, with its outcome and its job's facts.
interface ItemRow extends DroppedDuplicate {
  outcome: 'imported' | 'duplicate'
  source: ImportJob['source']
  link: number
  createdAt: string
  state: ImportJob['state']
}

/** An asset's import records: the job that created it, and the newest `limit` duplicates with their total. */
export interface ImportRecords {
  job: ProvenanceJob | undefined
  duplicates: { items: DroppedDuplicate[]; total: number }
}

/**
 * An asset's import items, the creating one first, then the duplicates newest first; one read
 * through migration 0120's index on asset_id.
 */
export const RECORDS_SQL = `SELECT i.outcome, i.job_id AS jobId, i.path, i.name, i.size_bytes AS sizeBytes, i.finished_at AS at,
       j.params ->> '$.importedBy' AS importedBy, j.params ->> '$.source' AS source, j.params ->> '$.link' AS link,
       j.created_at AS createdAt, j.state
     FROM import_items i JOIN jobs j ON j.id = i.job_id
     WHERE i.asset_id = ? AND i.outcome IN ('imported', 'duplicate')
     ORDER BY i.outcome = 'imported' DESC, i.finished_at DESC, i.job_id, i.seq`

/** Where assets came from: the import item that created each, and the duplicates dropped onto it. */
export function createProvenanceRepo(db: Database) {
  const sampledIdStmt = db.prepare<[string], string | null>('SELECT sampled_id FROM videos WHERE id = ?').pluck()
  const recordsStmt = db.prepare<[string], ItemRow>(RECORDS_SQL)

  return {
    /** The asset's sampled content id (undefined for an unknown asset, null on rows without one). */
    sampledIdOf(id: string): string | null | undefined {
      return sampledIdStmt.get(id)
    },
    /** The job whose item created the asset (undefined when none recorded it) and the duplicates dropped onto it. */
    importRecordsOf(id: string, limit: number): ImportRecords {
      let job: ProvenanceJob | undefined
      const items: DroppedDuplicate[] = []
      let total = 0
      for (const row of recordsStmt.iterate(id)) {
        if (row.outcome === 'imported') {
          // Only the newest creating item counts (a deleted and re-imported asset has several).
          job ??= {
            id: row.jobId,
            source: row.source,
            link: row.link === 1,
            importedBy: row.importedBy,
            createdAt: row.createdAt,
            state: row.state,
            path: row.path,
          }
          continue
        }
        total += 1
        if (items.length < limit) {
          items.push({
            jobId: row.jobId,
            path: row.path,
            name: row.name,
            sizeBytes: row.sizeBytes,
            at: row.at,
            importedBy: row.importedBy,
          })
        }
      }
      return { job, duplicates: { items, total } }
    },
  }
}

export type ProvenanceRepo = ReturnType<typeof createProvenanceRepo>
