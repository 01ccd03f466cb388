import type { PostgresMigration } from '../postgres-migration'
import { migration as collations } from './0010-collations'
import { migration as savedSearches } from './0020-saved-searches'
import { migration as media } from './0030-media'
import { migration as tags } from './0040-tags'
import { migration as collections } from './0050-collections'
import { migration as people } from './0060-people'
import { migration as workflows } from './0070-workflows'
import { migration as timelines } from './0080-timelines'
import { migration as watchFolders } from './0090-watch-folders'
import { migration as activity } from './0100-activity'
import { migration as analyses } from './0110-analyses'
import { migration as pipelineRuns } from './0120-pipeline-runs'
import { migration as trash } from './0130-trash'
import { migration as healthStats } from './0140-health-stats'
import { migration as nearDuplicates } from './0150-near-duplicates'
import { migration as assetText } from './0160-asset-text'
import { migration as browse } from './0170-browse'
import { migration as stacks } from './0180-stacks'
import { migration as changeLog } from './0190-change-log'
import { migration as jobs } from './0200-jobs'
import { migration as hubIdentity } from './0210-hub-identity'
import { migration as facetChanges } from './0220-facet-changes'
import { migration as searchRowIds } from './0230-search-row-ids'
import { migration as searchDocumentOnVideos } from './0240-search-document-on-videos'
import { migration as jobQueue } from './0250-job-queue'
import { migration as editVersions } from './0260-edit-versions'
import { migration as accessEnds } from './0270-access-ends'
import { migration as jobCancelledBy } from './0280-job-cancelled-by'
import { migration as batchCancelledOutcome } from './0290-batch-cancelled-outcome'
import { migration as removals } from './0300-removals'
import { migration as batchItemJobs } from './0310-batch-item-jobs'
import { migration as generationStartedAt } from './0320-generation-started-at'
import { migration as schemaParity } from './0330-schema-parity'
import { migration as changeTriggers } from './0340-change-triggers'
import { migration as commenterRole } from './0350-commenter-role'
import { migration as comments } from './0360-comments'
import { migration as reviewStatus } from './0370-review-status'
import { migration as collectionShares } from './0380-collection-shares'
import { migration as activityWords } from './0390-activity-words'
import { migration as inbox } from './0400-inbox'
import { migration as privateSavedSearches } from './0410-private-saved-searches'
import { migration as privateCollections } from './0420-private-collections'
import { migration as reviewLinks } from './0430-review-links'
import { migration as codecNameColumns } from './0440-codec-name-columns'
import { migration as searchCommentsNotes } from './0450-search-comments-notes'
import { migration as activityGuests } from './0460-activity-guests'
import { migration as facetChangesOfSearch } from './0470-facet-changes-of-search'
import { migration as collectionOrder } from './0480-collection-order'

/** A hub's catalogue schema, step by step: numbered as a library's are, but a list of its own. */
export const postgresMigrations: readonly PostgresMigration[] = [
  collations,
  savedSearches,
  media,
  tags,
  collections,
  people,
  workflows,
  timelines,
  watchFolders,
  activity,
  analyses,
  pipelineRuns,
  trash,
  healthStats,
  nearDuplicates,
  assetText,
  browse,
  stacks,
  changeLog,
  jobs,
  hubIdentity,
  facetChanges,
  searchRowIds,
  searchDocumentOnVideos,
  jobQueue,
  editVersions,
  accessEnds,
  jobCancelledBy,
  batchCancelledOutcome,
  removals,
  batchItemJobs,
  generationStartedAt,
  schemaParity,
  changeTriggers,
  commenterRole,
  comments,
  reviewStatus,
  collectionShares,
  activityWords,
  inbox,
  privateSavedSearches,
  privateCollections,
  reviewLinks,
  codecNameColumns,
  searchCommentsNotes,
  activityGuests,
  facetChangesOfSearch,
  collectionOrder,
]
