import type { WorkflowFieldVersions } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { CatalogRepos } from '../../db/catalog'
import { claimVersion, type Editing } from '../edits/versioned-write'

/** A workflow's fields people edit in place, each versioned apart (issue 64). */
const FIELDS = ['name', 'description'] as const
type Field = (typeof FIELDS)[number]

/** The versions a rename or description was made from; a field without one is written whatever its version. */
export type WorkflowBaseVersions = Partial<Record<Field, number>>

/** The versions of a workflow's name and description, who changed each last and when. */
export function workflowFieldVersions(
  repos: Pick<CatalogRepos, 'editVersions'>,
  id: string,
): Promise<WorkflowFieldVersions> {
  return repos.editVersions.ofRecord('workflow', id, FIELDS)
}

/**
 * Inside the transaction that writes them: claims a version for each of the name and description the update
 * changes, refusing (`conflict`) one changed since its base version unless it stores the value already there.
 */
export async function claimWorkflowFields(
  repos: CatalogRepos,
  lib: Editing,
  id: string,
  changes: { name?: string; description?: string | null },
  bases: WorkflowBaseVersions = {},
): Promise<void> {
  for (const field of FIELDS) {
    const value = changes[field]
    if (value === undefined) continue
    await claimVersion(repos, lib, {
      key: { kind: 'workflow', id, field },
      base: bases[field],
      value,
      read: async (r) => (await r.workflows.get(id))?.[field],
      missing: () => new AppError('not_found', `No workflow with id ${id}.`),
    })
  }
}
