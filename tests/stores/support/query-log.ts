/**
 * Test helper: a pg pool that logs every statement its clients send (one entry per round trip — `pg`
 * sends one query at a time per connection), so tests and the bench can count round trips per dispatch.
 */
import pg from 'pg';

export interface LoggedPool {
  pool: pg.Pool;
  /** Statements sent since the last `take()`, first line of each, whitespace collapsed. */
  take(): string[];
}

export function loggedPool(connectionString: string, max = 2): LoggedPool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', () => undefined);
  let log: string[] = [];
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      const text =
        typeof first === 'string' ? first : ((first as { text?: string; name?: string })?.text ?? '?');
      log.push(text.replace(/\s+/g, ' ').trim().slice(0, 90));
      return query(...args);
    };
  });
  return {
    pool,
    take: () => {
      const out = log;
      log = [];
      return out;
    },
  };
}
