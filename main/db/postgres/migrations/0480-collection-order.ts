import { createTable } from '../../schema/table-ddl'
import { collection_order } from '../../schema/tables/organise'
import type { PostgresMigration } from '../postgres-migration'

// What it copies of each member's row: its columns but the membership's own (the sort keys and the search document).
const COPIED = Object.keys(collection_order.columns).filter((name) => !['collection_id', 'video_id'].includes(name))
const COPIED_LIST = COPIED.join(', ')
const copiedOf = (row: string) => COPIED.map((key) => `${row}.${key}`).join(', ')

/**
 * Each collection member's sort keys and search document beside its membership (`collection_order`, issue 60 point
 * 3): a person limited to shared collections pages them in one walk of an index in the order asked for, and tests
 * their words without reading their rows. Kept by triggers: members added, removed or moved (statement triggers, so
 * adding a thousand members is one insert), and an asset whose copied columns change (a rename, a new size, new
 * words). Its writes note no change a client follows: it is an index, not data.
 */
export const migration: PostgresMigration = {
  version: 480,
  name: 'collection-order',
  up: `
    ${createTable(collection_order, 'postgres').join(';\n    ')};

    CREATE FUNCTION fv_collection_order_members() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        DELETE FROM collection_order o USING removed r
          WHERE o.collection_id = r.collection_id AND o.video_id = r.video_id;
      END IF;
      IF TG_OP <> 'DELETE' THEN
        INSERT INTO collection_order (collection_id, video_id, ${COPIED_LIST})
          SELECT a.collection_id, v.id, ${copiedOf('v')} FROM added a JOIN videos v ON v.id = a.video_id
          ON CONFLICT DO NOTHING;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER collection_order_added AFTER INSERT ON collection_items
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION fv_collection_order_members();
    CREATE TRIGGER collection_order_removed AFTER DELETE ON collection_items
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION fv_collection_order_members();
    CREATE TRIGGER collection_order_moved AFTER UPDATE ON collection_items
      REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT
      EXECUTE FUNCTION fv_collection_order_members();

    CREATE FUNCTION fv_collection_order_copies() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE collection_order SET (${COPIED_LIST}) = (${copiedOf('NEW')}) WHERE video_id = NEW.id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER collection_order_copies AFTER UPDATE ON videos FOR EACH ROW
      WHEN (${COPIED.map((key) => `OLD.${key} IS DISTINCT FROM NEW.${key}`).join(' OR ')})
      EXECUTE FUNCTION fv_collection_order_copies();

    INSERT INTO collection_order (collection_id, video_id, ${COPIED_LIST})
      SELECT i.collection_id, v.id, ${copiedOf('v')} FROM collection_items i JOIN videos v ON v.id = i.video_id;
  `,
}
