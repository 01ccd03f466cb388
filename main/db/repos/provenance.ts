import type { ImportJob } from '../../../shared/contract'
import type { SqlEngine } from '../sql/sql-engine'

/** The import job that brought an asset in, with the path its item read. */
export interface ProvenanceJob {
  id: string
  source: ImportJob['source']
  link: boolean
  importedBy: string
  createdAt: string
  state: ImportJob['state']
  path: string
  /** The uploads of the job that a push sent with their provenance: each one's machine, by name and content. */
  origins: UploadOrigin[]
}

/** Where an upload a push sent was first imported: the machine, by the upload's name and content (hex SHA-256). */
export interface UploadOrigin {
  name: string
  sha256: string | null
  machine: string | null
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

// A row of RECORDS_SQL: the item as a dropped duplicate reads, with its outcome and its job's facts (`params`, the
// import job's stored parameters as JSON, read here as neither engine's JSON operators read the other's).
interface ItemRow extends Omit<DroppedDuplicate, 'importedBy'> {
  outcome: 'imported' | 'duplicate'
  params: string | null
  createdAt: string
  state: ImportJob['state']
}

/** What provenance shows of an import job's stored parameters. */
interface ImportJobFacts {
  importedBy: string
  source: ImportJob['source']
  link: boolean
  origins: UploadOrigin[]
}

type StoredUpload = { name: string; sha256?: string; origin?: { machine: string | null } }

/** An asset's import records: the job that created it, and the newest `limit` duplicates with their total. */
export interface ImportRecords {
  job: ProvenanceJob | undefined
  duplicates: { items: DroppedDuplicate[]; total: number }
}

/**
 * An asset's import items, the creating one first, then the duplicates newest first; one read
 * through a library's migration 0120 index on asset_id (a hub's 0200).
 */
export const RECORDS_SQL = `SELECT i.outcome, i.job_id AS "jobId", i.path, i.name, i.size_bytes AS "sizeBytes",
       i.finished_at AS at, j.params, j.created_at AS "createdAt", j.state
     FROM import_items i JOIN jobs j ON j.id = i.job_id
     WHERE i.asset_id = ? AND i.outcome IN ('imported', 'duplicate')
     ORDER BY CASE i.outcome WHEN 'imported' THEN 0 ELSE 1 END, i.finished_at DESC, i.job_id, i.seq`

/** Where assets came from, on either engine: the import item that created each, and the duplicates dropped onto it. */
export function createProvenanceRepo(sql: SqlEngine) {
  return {
    /** The asset's sampled content id (undefined for an unknown asset, null on rows without one). */
    async sampledIdOf(id: string): Promise<string | null | undefined> {
      const row = await sql.get<{ sampled_id: string | null }>('SELECT sampled_id FROM videos WHERE id = ?', [id])
      return row?.sampled_id
    },
    /** The job whose item created the asset (undefined when none recorded it) and the duplicates dropped onto it. */
    async importRecordsOf(id: string, limit: number): Promise<ImportRecords> {
      let job: ProvenanceJob | undefined
      const items: DroppedDuplicate[] = []
      let total = 0
      for (const row of await sql.all<ItemRow>(RECORDS_SQL, [id])) {
        const facts = importJobFacts(row.params)
        if (row.outcome === 'imported') {
          // Only the newest creating item counts (a deleted and re-imported asset has several).
          job ??= { id: row.jobId, ...facts, createdAt: row.createdAt, state: row.state, path: row.path }
          continue
        }
        total += 1
        if (items.length < limit) {
          const { jobId, path, name, sizeBytes, at } = row
          items.push({ jobId, path, name, sizeBytes, at, importedBy: facts.importedBy })
        }
      }
      return { job, duplicates: { items, total } }
    },
  }
}

export type ProvenanceRepo = ReturnType<typeof createProvenanceRepo>

/** Who ran an import job, from where and whether it linked, as its stored parameters say. */
function importJobFacts(params: string | null): ImportJobFacts {
  const stored = ((params === null ? null : JSON.parse(params)) ?? {}) as Partial<ImportJobFacts> & {
    uploads?: StoredUpload[]
  }
  // A push's uploads carry their origin (main/ingest/import-job.ts): the machine is kept there, not in a column.
  const origins = (stored.uploads ?? []).flatMap(({ name, sha256, origin }) =>
    origin ? [{ name, sha256: sha256 ?? null, machine: origin.machine }] : [],
  )
  return { importedBy: stored.importedBy ?? '', source: stored.source ?? 'paths', link: stored.link === true, origins }
}
