/**
 * The assets a person limited to shared collections sees, as a subquery: the members of the collections in a JSON
 * list of ids bound to it (`json`: the dialect's reader of a JSON list, from `jsonValues`).
 */
export function visibleMembers(json: string): string {
  return `SELECT i.video_id FROM collection_items i WHERE i.collection_id IN (SELECT CAST(value AS bigint) FROM ${json})`
}
