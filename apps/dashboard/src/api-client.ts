import type { TokenStore } from './token-store';

/** The API asked for a token (METRICS_API_TOKEN is set) or refused the one sent. */
export class UnauthorizedError extends Error {}

export interface ApiAnswer<T> {
  body: T;
  headers: Headers;
}

export type QueryParams = Record<string, string | number | undefined>;

/** GETs on the metrics API, which serves this page, with the bearer token when there is one. */
export class ApiClient {
  constructor(private readonly tokens: TokenStore) {}

  async get<T>(path: string, params: QueryParams = {}): Promise<ApiAnswer<T>> {
    const response = await fetch(withQuery(path, params), {
      headers: this.headers(),
      cache: 'no-store',
    });
    if (response.status === 401) {
      throw new UnauthorizedError('The metrics API needs a token.');
    }
    if (!response.ok) {
      throw new Error(await errorMessage(response));
    }
    return { body: (await response.json()) as T, headers: response.headers };
  }

  private headers(): HeadersInit {
    const token = this.tokens.get();
    return token
      ? { Accept: 'application/json', Authorization: `Bearer ${token}` }
      : { Accept: 'application/json' };
  }
}

function withQuery(path: string, params: QueryParams): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The API answers errors as { message: string | string[] }. */
async function errorMessage(response: Response): Promise<string> {
  const fallback = `${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { message?: unknown };
    const { message } = body;
    if (Array.isArray(message)) return message.join('; ');
    return typeof message === 'string' ? message : fallback;
  } catch {
    return fallback;
  }
}
