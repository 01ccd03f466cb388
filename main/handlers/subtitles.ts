import { putSubtitles, readSubtitlesAgain, subtitlesOf } from '../services/subtitles/subtitles'
import type { HandlerGroup } from './handler-types'

export const subtitleHandlers = {
  'subtitles:list': ({ assetId }, lib) => subtitlesOf(lib, assetId),
  'subtitles:read': ({ assetId }, lib) => readSubtitlesAgain(lib, assetId),
  'subtitles:put': (input, lib) => putSubtitles(lib, input),
} satisfies HandlerGroup
