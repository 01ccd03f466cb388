import { describe, expect, it } from 'vitest'
import { fromRowValues, ROW_COLUMNS } from '../../main/db/repos/media-row-columns'

describe('fromRowValues', () => {
  it('reads each stored column from its place in the select list, and hands back what follows', () => {
    const columns = ROW_COLUMNS.split(', ').map((column) => column.replace(/^v\./, ''))
    const { row, rest } = fromRowValues([...columns.map((_, place) => place), 'sort key', 7])
    expect(Object.entries(row)).toEqual(columns.map((column, place) => [column, place]))
    expect(rest).toEqual(['sort key', 7])
  })
})
