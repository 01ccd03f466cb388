import { createTable } from '../../schema/table-ddl'
import { collection_order } from '../../schema/tables/organise'
import type { PostgresMigration } from '../postgres-migration'

// The sort keys it copies: its columns but the membership's own.
const KEYS = Object.keys(collection_order.columns).filter((name) => name.startsWith('sort_'))
const KEY_LIST = KEYS.join(', ')
const keysOf = (row: string) => KEYS.map((key) => `${row}.${key}`).join(', ')

/**
 * Each collection member's sort keys beside its membership (`collection_order`, issue 60 point 3): a person limited to
 * shared collections pages them in one walk of an index in the order asked for. Kept by triggers: members added,
 * removed or moved (statement triggers, so adding a thousand members is one insert), and an asset whose sort keys
 * change (a rename, a new size or duration). Its writes note no change a client follows: it is an index, not data.
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
        INSERT INTO collection_order (collection_id, video_id, ${KEY_LIST})
          SELECT a.collection_id, v.id, ${keysOf('v')} FROM added a JOIN videos v ON v.id = a.video_id
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

    CREATE FUNCTION fv_collection_order_keys() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE collection_order SET (${KEY_LIST}) = (${keysOf('NEW')}) WHERE video_id = NEW.id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER collection_order_keys AFTER UPDATE ON videos FOR EACH ROW
      WHEN (${KEYS.map((key) => `OLD.${key} IS DISTINCT FROM NEW.${key}`).join(' OR ')})
      EXECUTE FUNCTION fv_collection_order_keys();

    INSERT INTO collection_order (collection_id, video_id, ${KEY_LIST})
      SELECT i.collection_id, v.id, ${keysOf('v')} FROM collection_items i JOIN videos v ON v.id = i.video_id;
  `,
}
