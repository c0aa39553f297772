import { byId } from './dom';
import type { TokenStore } from './token-store';

/**
 * The form that asks for the metrics API token when the API answers 401. The dialog stays
 * open until a token is given: without one there is nothing to show.
 */
export class TokenPrompt {
  private readonly form = byId<HTMLFormElement>('token-form');
  private readonly input = byId<HTMLInputElement>('token-input');
  private readonly remember = byId<HTMLInputElement>('token-remember');
  private readonly error = byId<HTMLElement>('token-error');

  constructor(
    private readonly dialog: HTMLDialogElement,
    private readonly tokens: TokenStore,
  ) {
    dialog.addEventListener('cancel', (event) => event.preventDefault());
  }

  /** Resolves once a token is stored; `rejected` tells the user the last one was refused. */
  ask(rejected: boolean): Promise<void> {
    this.error.hidden = !rejected;
    this.input.value = '';
    if (!this.dialog.open) this.dialog.showModal();
    this.input.focus();
    return new Promise((resolve) => {
      const submit = (event: SubmitEvent) => {
        event.preventDefault();
        const token = this.input.value.trim();
        if (!token) return;
        this.form.removeEventListener('submit', submit);
        this.tokens.set(token, this.remember.checked);
        this.dialog.close();
        resolve();
      };
      this.form.addEventListener('submit', submit);
    });
  }
}
