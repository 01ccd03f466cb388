import { ReviewStatus, type ChannelOutput } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { CliBackend } from './cli-backend'
import { expectArgs, isOneOf } from './cli-args'

/** Options of the review commands, merged into the CLI's parseArgs options. */
export const REVIEW_OPTIONS = {
  at: { type: 'string' },
  'reply-to': { type: 'string' },
  comment: { type: 'string' },
} as const

export const REVIEW_USAGE = `  comment <id> <text> [--at SECONDS] [--reply-to CID]
                             comment on an asset (at a time in it), or reply to comment CID; @Name
                             mentions a person; prints the new comment as one JSON line
  comments <id>              one JSON line per comment on an asset and the rest of its stack, each
                             thread's replies after it
  review <id> in-review|needs-changes|approved [--comment TEXT]
                             set an asset's review status, with a comment that says why`

const COMMANDS = ['comment', 'comments', 'review'] as const
type ReviewCommand = (typeof COMMANDS)[number]

/** True for `comment`, `comments` and `review`. */
export function isReviewCommand(command: string): command is ReviewCommand {
  return isOneOf(COMMANDS, command)
}

/** Runs one review command (issue 60 point 7) on a library or a hub; resolves to the exit status. */
export async function runReviewCommand(
  backend: CliBackend,
  command: ReviewCommand,
  args: string[],
  values: { at?: string; 'reply-to'?: string; comment?: string },
  print: (value: unknown) => void,
): Promise<number> {
  if (command === 'comments') {
    expectArgs(command, args, { min: 1, max: 1, needs: 'an asset id', usage: REVIEW_USAGE })
    const { comments } = (await backend.call('comments:list', { assetId: args[0]! })) as ChannelOutput<'comments:list'>
    comments.forEach(print)
    return 0
  }
  if (command === 'comment') {
    expectArgs(command, args, { min: 2, max: 2, needs: 'an asset id and the comment', usage: REVIEW_USAGE })
    const { comment } = (await backend.call('comments:add', {
      assetId: args[0]!,
      body: args[1]!,
      ...(values.at !== undefined && { at: seconds(values.at) }),
      ...(values['reply-to'] !== undefined && { replyTo: commentId(values['reply-to']) }),
    })) as ChannelOutput<'comments:add'>
    print(comment)
    return 0
  }
  expectArgs(command, args, { min: 2, max: 2, needs: 'an asset id and a status', usage: REVIEW_USAGE })
  const status = ReviewStatus.exclude(['none']).safeParse(args[1])
  if (!status.success) {
    throw new AppError('validation', `The status must be in-review, needs-changes or approved, not "${args[1]}".`)
  }
  const input = {
    assetId: args[0]!,
    status: status.data,
    ...(values.comment !== undefined && { comment: values.comment }),
  }
  print(await backend.call('review:set', input))
  return 0
}

function seconds(text: string): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new AppError('validation', `--at takes a time in seconds (0 or more), not "${text}".`)
  }
  return value
}

function commentId(text: string): number {
  if (!/^[1-9]\d{0,15}$/.test(text)) throw new AppError('validation', `--reply-to takes a comment id, not "${text}".`)
  return Number(text)
}
