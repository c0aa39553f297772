export type DatabaseTarget =
  { kind: 'sqlite'; path: string } | { kind: 'mysql'; url: string };

export const DEFAULT_DATABASE_URL = 'sqlite:./data/metrics.sqlite';

const ACCEPTED_FORMS =
  'sqlite:<path> (e.g. sqlite:./data/metrics.sqlite, sqlite::memory:) or ' +
  'mysql://user:password@host:3306/database (MySQL 8, MariaDB 10.11)';

/** Reads DATABASE_URL; anything but the two accepted forms is a start-up error. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path.length > 0) return { kind: 'sqlite', path };
  }
  if (/^(mysql|mariadb):\/\/[^/]+\/[^/?]+/.test(url)) {
    return { kind: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
  }
  throw new Error(
    `DATABASE_URL must be ${ACCEPTED_FORMS}; got "${redactUrl(url)}"`,
  );
}

/** Hides the password of a URL so it can be logged or shown in an error. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
