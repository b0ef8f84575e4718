import pg from 'pg';

import { PG_TYPE, parseDate, parseInt8 } from './types.js';

export interface PostgresPoolConfig {
  url: string;
  /** Schema to create and put first on every connection's search_path. */
  schema?: string;
  /** Maximum number of pooled connections (pg's default is 10). */
  max?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Validates a schema name, because it is spliced into a connection option. */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name "${schema}": use lowercase letters, digits and underscores, starting with a letter or underscore`);
  }
}

/**
 * Creates a `pg` pool whose type parsers match the PGlite driver: int8 as a
 * safe-integer number and date as `YYYY-MM-DD` text. The parsers are set on
 * this pool only, never on pg's global type registry that other code shares.
 */
export function createPostgresPool(config: PostgresPoolConfig): pg.Pool {
  const options: pg.PoolConfig = {
    connectionString: config.url,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === PG_TYPE.INT8) return parseInt8;
        if (oid === PG_TYPE.DATE) return parseDate;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  };
  if (config.max !== undefined) options.max = config.max;
  if (config.schema !== undefined) {
    assertSchemaName(config.schema);
    options.options = `-c search_path=${config.schema}`;
  }
  return new pg.Pool(options);
}
