const KEY = 'llm-dashboard.token';

/**
 * The metrics API token: for this tab only (sessionStorage) unless the user asked to be
 * remembered on this device (localStorage).
 */
export class TokenStore {
  get(): string | null {
    return sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY);
  }

  set(token: string, remember: boolean): void {
    this.clear();
    (remember ? localStorage : sessionStorage).setItem(KEY, token);
  }

  clear(): void {
    sessionStorage.removeItem(KEY);
    localStorage.removeItem(KEY);
  }
}
