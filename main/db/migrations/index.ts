import type { Migration } from '../migration'
import { migration as libraryMeta } from './0010-library-meta'
import { migration as media } from './0020-media'
import { migration as importJobOwner } from './0030-import-job-owner'
import { migration as importDoneAndStorageBytes } from './0050-import-done-and-storage-bytes'
import { migration as searchAndTags } from './0060-search-and-tags'
import { migration as trash } from './0070-trash'
import { migration as assetHealth } from './0080-asset-health'
import { migration as collections } from './0090-collections'
import { migration as facetCube } from './0100-facet-cube'
import { migration as importItemsByAsset } from './0120-import-items-by-asset'
import { migration as thumbnailBytes } from './0130-thumbnail-bytes'
import { migration as facetChanges } from './0140-facet-changes'
import { migration as ftsLongerPrefixes } from './0150-fts-longer-prefixes'
import { migration as pluginCaches } from './0160-plugin-caches'
import { migration as jobs } from './0170-jobs'
import { migration as processingLineage } from './0180-processing-lineage'
import { migration as audioMediaType } from './0190-audio-media-type'
import { migration as workflows } from './0200-workflows'
import { migration as importsAsJobs } from './0210-imports-as-jobs'
import { migration as batchItems } from './0220-batch-items'
import { migration as seedInterop } from './0230-seed-interop'
import { migration as nearDuplicates } from './0240-near-duplicates'
import { migration as nearDuplicateAssets } from './0250-near-duplicate-assets'
import { migration as workflowVersions } from './0260-workflow-versions'
import { migration as workflowNameOrigin } from './0270-workflow-name-origin'
import { migration as watchFolders } from './0280-watch-folders'
import { migration as savedSearches } from './0290-saved-searches'
import { migration as generationFacets } from './0300-generation-facets'
import { migration as stacks } from './0310-stacks'
import { migration as pipelines } from './0320-pipelines'
import { migration as screenText } from './0360-screen-text'
import { migration as jobLeases } from './0370-job-leases'
import { migration as analysisSources } from './0340-analysis-sources'
import { migration as changeLog } from './0380-change-log'
import { migration as executionJobs } from './0390-execution-jobs'
import { migration as workflowsByShape } from './0400-workflows-by-shape'
import { migration as screenWordTimes } from './0410-screen-word-times'
import { migration as imageContainers } from './0420-image-containers'
import { migration as ownedObjectKeys } from './0430-owned-object-keys'
import { migration as subtitles } from './0440-subtitles'
import { migration as people } from './0450-people'
import { migration as activity } from './0460-activity'
import { migration as jobQueue } from './0470-job-queue'
import { migration as renameChanges } from './0480-rename-changes'
import { migration as ownedCopiesIndex } from './0490-owned-copies-index'
import { migration as editVersions } from './0500-edit-versions'
import { migration as accessEnds } from './0510-access-ends'
import { migration as jobCancelledBy } from './0520-job-cancelled-by'
import { migration as batchCancelledOutcome } from './0530-batch-cancelled-outcome'
import { migration as removals } from './0540-removals'
import { migration as batchItemJobs } from './0550-batch-item-jobs'
import { migration as pushedCollections } from './0560-pushed-collections'
import { migration as generationStartedAt } from './0570-generation-started-at'
import { migration as seedHashIndex } from './0580-seed-hash-index'
import { migration as changeTriggers } from './0590-change-triggers'
import { migration as facetsImportedBy } from './0600-facets-imported-by'
import { migration as commenterRole } from './0610-commenter-role'
import { migration as comments } from './0620-comments'
import { migration as reviewStatus } from './0630-review-status'
import { migration as collectionShares } from './0650-collection-shares'
import { migration as activityWords } from './0700-activity-words'
import { migration as reviewLinks } from './0710-review-links'
import { migration as inbox } from './0750-inbox'
import { migration as privateSavedSearches } from './0760-private-saved-searches'
import { migration as privateCollections } from './0770-private-collections'
import { migration as codecNameColumns } from './0780-codec-name-columns'
import { migration as searchCommentsNotes } from './0790-search-comments-notes'
import { migration as activityGuests } from './0800-activity-guests'

/** Every shipped migration in order. Append only; never edit a shipped one. */
export const migrations: readonly Migration[] = [
  libraryMeta,
  media,
  importJobOwner,
  importDoneAndStorageBytes,
  searchAndTags,
  trash,
  assetHealth,
  collections,
  facetCube,
  importItemsByAsset,
  thumbnailBytes,
  facetChanges,
  ftsLongerPrefixes,
  pluginCaches,
  jobs,
  processingLineage,
  audioMediaType,
  workflows,
  importsAsJobs,
  batchItems,
  seedInterop,
  nearDuplicates,
  nearDuplicateAssets,
  workflowVersions,
  workflowNameOrigin,
  watchFolders,
  savedSearches,
  generationFacets,
  stacks,
  pipelines,
  analysisSources,
  screenText,
  jobLeases,
  changeLog,
  executionJobs,
  workflowsByShape,
  screenWordTimes,
  imageContainers,
  ownedObjectKeys,
  subtitles,
  people,
  activity,
  jobQueue,
  renameChanges,
  ownedCopiesIndex,
  editVersions,
  accessEnds,
  jobCancelledBy,
  batchCancelledOutcome,
  removals,
  batchItemJobs,
  pushedCollections,
  generationStartedAt,
  seedHashIndex,
  changeTriggers,
  facetsImportedBy,
  commenterRole,
  comments,
  reviewStatus,
  collectionShares,
  activityWords,
  reviewLinks,
  inbox,
  privateSavedSearches,
  privateCollections,
  codecNameColumns,
  searchCommentsNotes,
  activityGuests,
]
