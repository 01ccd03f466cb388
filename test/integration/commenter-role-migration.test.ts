import path from 'node:path'
import { expect, it } from 'vitest'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { tempDir } from '../helpers/temp-dir'

// Migration 0610 (issue 60 point 3): a library's people take the role `commenter`; making `people` again keeps its
// rows, the tokens that point at them (a plain DROP would cascade to them) and its change triggers.
it('keeps people, their tokens and their change triggers, and takes the role commenter', () => {
  const file = path.join(tempDir(), 'library.db')
  const before = openDatabase(
    file,
    migrations.filter((migration) => migration.version <= 600),
  ).db
  before.exec(`
    INSERT INTO people (id, name, role, created_at, created_by) VALUES (4, 'Ada', 'admin', '2026-11-01', NULL),
      (9, 'Bo', 'viewer', '2026-11-02', 'Ada');
    INSERT INTO access_tokens (id, person_id, token_hash, label, created_at, last_used_at, revoked_at)
      VALUES (7, 9, 'h1', 'first token', '2026-11-02', '2026-11-03', NULL), (8, 4, 'h2', 'cli', '2026-11-01', NULL, '2026-11-04');
  `)
  expect(() => before.exec(`UPDATE people SET role = 'commenter' WHERE id = 9`)).toThrow(/CHECK constraint/)
  before.close()

  const { db, migration } = openDatabase(file, migrations)
  expect(migration.applied).toContain('610-commenter-role')
  expect(db.prepare('SELECT id, name, role, created_at, created_by FROM people ORDER BY id').all()).toEqual([
    { id: 4, name: 'Ada', role: 'admin', created_at: '2026-11-01', created_by: null },
    { id: 9, name: 'Bo', role: 'viewer', created_at: '2026-11-02', created_by: 'Ada' },
  ])
  expect(db.prepare('SELECT id, person_id, token_hash, revoked_at FROM access_tokens ORDER BY id').all()).toEqual([
    { id: 7, person_id: 9, token_hash: 'h1', revoked_at: null },
    { id: 8, person_id: 4, token_hash: 'h2', revoked_at: '2026-11-04' },
  ])
  db.exec('DELETE FROM change_pending')
  db.exec(`UPDATE people SET role = 'commenter' WHERE id = 9`)
  expect(db.prepare('SELECT topic FROM change_pending').pluck().all()).toEqual(['people'])
  expect(() => db.exec(`UPDATE people SET role = 'client' WHERE id = 9`)).toThrow(/CHECK constraint/)
  // The tokens still belong to their person: removing Bo removes his.
  db.exec('DELETE FROM people WHERE id = 9')
  expect(db.prepare('SELECT id FROM access_tokens').pluck().all()).toEqual([8])
  expect(db.pragma('foreign_key_check')).toEqual([])
  db.close()
})
