import { useState } from 'react'
import { ReviewStatus } from '../../../../shared/contract'
import { REVIEW_STATUS_WORDS } from '../../../../shared/review-words'
import { useBackendQuery, useWrite } from '../../api/queries'
import { attempt } from '../../ui/attempt'
import { ErrorLine } from '../../ui/ErrorLine'
import { formatDateTime } from '../../format'
import { useMayCall } from '../people/index'

/** An asset's review status and who set it when; a picker where this person may set it (a commenter and up). */
export function ReviewStatusPicker({ assetId }: { assetId: string }) {
  const review = useBackendQuery('review:get', { assetId }, { asset: assetId }).data?.review
  const set = useWrite('review:set')
  const maySet = useMayCall('review:set')
  const [error, setError] = useState<string | null>(null)
  if (!review) return null
  const choose = async (status: ReviewStatus) => {
    const failed = await attempt(async () => void (await set({ assetId, status })))
    setError(failed?.message ?? null)
  }
  return (
    <div className="review-status">
      <label htmlFor="review-status">Review</label>
      <select
        id="review-status"
        value={review.status}
        disabled={!maySet}
        data-needs={maySet ? 'review:set' : undefined}
        onChange={(event) => void choose(event.target.value as ReviewStatus)}
      >
        {ReviewStatus.options.map((status) => (
          <option key={status} value={status}>
            {REVIEW_STATUS_WORDS[status]}
          </option>
        ))}
      </select>
      {review.by && review.at && (
        <span className="muted" data-testid="review-set-by">
          by {review.by}, {formatDateTime(review.at)}
        </span>
      )}
      {error && <ErrorLine>{error}</ErrorLine>}
    </div>
  )
}
