import { el } from './dom';
import type { PageFilter } from './page-filter';

/** The filter in force, under the status line, with the button that removes it. */
export class FilterChip {
  private readonly label = el('span', { class: 'filter-label' });
  private readonly value = el('span', { class: 'filter-value' });

  constructor(
    private readonly container: HTMLElement,
    onClear: () => void,
  ) {
    const clear = el(
      'button',
      {
        type: 'button',
        class: 'filter-clear',
        'aria-label': 'Clear the filter',
      },
      '×',
    );
    clear.addEventListener('click', onClear);
    container.replaceChildren(
      el(
        'span',
        { class: 'filter-chip' },
        'Only ',
        this.label,
        ' ',
        this.value,
        clear,
      ),
    );
  }

  render(filter: PageFilter | null): void {
    this.container.hidden = filter === null;
    this.label.textContent = filter ? `${filter.label}:` : '';
    // Untrusted text (user ids, tag values): set as text, never parsed.
    this.value.textContent = filter?.value ?? '';
  }
}
