import { jsonValues } from '../sql/dialect'
import type { SqlEngine } from '../sql/sql-engine'

/**
 * How two assets are related by how they were made (issue 37 point 2): one is the other's sidecar, proxy or
 * processed version, or both are of one clip (one stack); both came out of one run or one sweep; or one was made
 * from the other.
 */
export type KinReason = 'sidecar' | 'proxy' | 'processed' | 'same-source' | 'same-run' | 'made-from'

/** Two assets related by provenance; `a` was made from `b` for a stack's reasons and 'made-from'. */
export interface KinPair {
  a: string
  b: string
  reason: KinReason
}

// The asked-about assets, bound once as a JSON array and named by every branch below.
const IN_SET = (column: string) => `${column} IN (SELECT id FROM picked)`

// A member and its stack's head; two members of one stack (a head's sidecar and its proxy: both of one clip).
const STACK_KIN = `
  SELECT s.member_id AS a, s.head_id AS b, s.reason, 1 AS tier FROM stack_members s
   WHERE ${IN_SET('s.member_id')} AND ${IN_SET('s.head_id')}
  UNION ALL
  SELECT s1.member_id, s2.member_id, 'same-source', 1 FROM stack_members s1
    JOIN stack_members s2 ON s2.head_id = s1.head_id AND s2.member_id > s1.member_id
   WHERE ${IN_SET('s1.member_id')} AND ${IN_SET('s2.member_id')}`

// Outputs of one execution, or of executions one job ran (the runs of a sweep).
const RUN_KIN = `
  SELECT w1.video_id, w2.video_id, 'same-run', 2 FROM workflow_videos w1
    JOIN workflow_executions e1 ON e1.id = w1.execution_id
    JOIN workflow_executions e2 ON e2.id = e1.id OR e2.job_id = e1.job_id
    JOIN workflow_videos w2 ON w2.execution_id = e2.id AND w2.role = 'output' AND w2.video_id > w1.video_id
   WHERE w1.role = 'output' AND ${IN_SET('w1.video_id')} AND ${IN_SET('w2.video_id')}`

// An output and an input of one execution: the output was made from the input.
const MADE_FROM_KIN = `
  SELECT o.video_id, i.video_id, 'made-from', 3 FROM workflow_videos o
    JOIN workflow_videos i ON i.execution_id = o.execution_id AND i.role = 'input' AND i.video_id <> o.video_id
   WHERE o.role = 'output' AND ${IN_SET('o.video_id')} AND ${IN_SET('i.video_id')}`

/**
 * Which of these assets are related by provenance, each pair once: a stack's reason first, then a run, then made
 * from (`tier`), and in id order within each.
 */
export function createKinQuery(sql: SqlEngine): (ids: readonly string[]) => Promise<KinPair[]> {
  const query = `WITH picked AS (SELECT value AS id FROM ${jsonValues(sql.dialect)})
    ${STACK_KIN} UNION ALL ${RUN_KIN} UNION ALL ${MADE_FROM_KIN}
    ORDER BY tier, a, b`
  return async (ids) => {
    const seen = new Set<string>()
    const rows = await sql.all<KinPair & { tier: number }>(query, [JSON.stringify(ids)])
    return rows.flatMap(({ a, b, reason }) => {
      const key = a < b ? `${a}|${b}` : `${b}|${a}`
      if (seen.has(key)) return []
      seen.add(key)
      return [{ a, b, reason }]
    })
  }
}
