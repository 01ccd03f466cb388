import { describe, expect, it } from 'vitest'
import { contract } from '../../shared/contract'
import { carriesDocument } from '../../shared/contract/document'

describe('channels that carry a whole JSON document', () => {
  it('are the workflow, run, generator, pushed-analysis and pushed-checkpoint channels, found through optional and nested fields', () => {
    const documents = Object.entries(contract)
      .filter(([, entry]) => carriesDocument(entry.input))
      .map(([channel]) => channel)
      .sort()
    expect(documents).toEqual([
      'analysis:put',
      'checkpoints:put',
      'executions:create',
      'executions:update',
      'generation:set',
      'media:import-generated',
      'subtitles:put',
      'workflows:create',
      'workflows:put',
      'workflows:update',
    ])
  })
})
