import type { InboxEntry } from '../../../../shared/contract'
import { REVIEW_STATUS_WORDS } from '../../../../shared/review-words'

/** What an inbox entry tells, in words: "Ada mentioned you", "Bo replied to you", "Bo set it to Approved". */
export function inboxWords(entry: InboxEntry): string {
  switch (entry.kind) {
    case 'mention':
      return `${entry.by} mentioned you`
    case 'reply':
      return `${entry.by} replied to you`
    case 'status':
      return `${entry.by} set it to ${REVIEW_STATUS_WORDS[entry.status ?? 'none']}`
  }
}
