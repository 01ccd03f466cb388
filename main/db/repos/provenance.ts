import type { Database } from 'better-sqlite3'
import type { ImportJob } from '../../../shared/contract'

/** The import job that brought an asset in, as provenance shows it. */
export interface ProvenanceJob {
  id: string
  source: ImportJob['source']
  link: boolean
  importedBy: string
  createdAt: string
  state: ImportJob['state']
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

interface JobRow extends Omit<ProvenanceJob, 'link'> {
  link: number
  path: string
}

/** Where assets came from: the import item that created each, and the duplicates dropped onto it. */
export function createProvenanceRepo(db: Database) {
  const sampledIdStmt = db.prepare<[string], string | null>('SELECT sampled_id FROM videos WHERE id = ?').pluck()
  // import_items has no index on asset_id (only (job_id, outcome)): these read the table through.
  const importedByStmt = db.prepare<[string], JobRow>(
    `SELECT j.id, j.source, j.link, j.imported_by AS importedBy, j.created_at AS createdAt, j.state, i.path
     FROM import_items i JOIN import_jobs j ON j.id = i.job_id
     WHERE i.asset_id = ? AND i.outcome = 'imported'
     ORDER BY i.finished_at LIMIT 1`,
  )
  const duplicatesStmt = db.prepare<[string, number], DroppedDuplicate>(
    `SELECT i.job_id AS jobId, i.path, i.name, i.size_bytes AS sizeBytes, i.finished_at AS at,
       j.imported_by AS importedBy
     FROM import_items i JOIN import_jobs j ON j.id = i.job_id
     WHERE i.asset_id = ? AND i.outcome = 'duplicate'
     ORDER BY i.finished_at DESC, i.job_id, i.seq LIMIT ?`,
  )
  const duplicateCountStmt = db
    .prepare<[string], number>("SELECT COUNT(*) FROM import_items WHERE asset_id = ? AND outcome = 'duplicate'")
    .pluck()

  return {
    /** The asset's sampled content id (undefined for an unknown asset, null on rows without one). */
    sampledIdOf(id: string): string | null | undefined {
      return sampledIdStmt.get(id)
    },
    /** The job whose item created the asset, with the path that item read; undefined when no job recorded it. */
    importJobOf(id: string): (ProvenanceJob & { path: string }) | undefined {
      const row = importedByStmt.get(id)
      return row && { ...row, link: row.link === 1 }
    },
    /** The newest `limit` duplicates dropped onto the asset, and how many there are in all. */
    duplicatesOf(id: string, limit: number): { items: DroppedDuplicate[]; total: number } {
      return db.transaction(() => ({ items: duplicatesStmt.all(id, limit), total: duplicateCountStmt.get(id) ?? 0 }))()
    },
  }
}

export type ProvenanceRepo = ReturnType<typeof createProvenanceRepo>
