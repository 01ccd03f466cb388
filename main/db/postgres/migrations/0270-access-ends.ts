import type { PostgresMigration } from '../postgres-migration'

/**
 * Access that ends when it is taken away (issue 64 point 3), as a library's migration 0510 keeps it: why a token
 * stopped signing in (`access_ends`: the person removed or the token revoked, by whom, when). People and their
 * tokens join the change log, so every hub process hears a removal, a revoke or a new role at once and closes or
 * narrows the event streams it serves.
 */
export const migration: PostgresMigration = {
  version: 270,
  name: 'access-ends',
  up: `
    CREATE TABLE access_ends (
      token_hash  text PRIMARY KEY,
      person_id   bigint NOT NULL,
      person_name text NOT NULL,
      reason      text NOT NULL CHECK (reason IN ('removed', 'revoked')),
      ended_by    text,
      ended_at    text NOT NULL
    );
    SELECT fv_follow_changes('people', 'people');
    SELECT fv_follow_changes('access_tokens', 'access_tokens');
  `,
}
