/**
 * The order of the breakdown tables: the `sort` of /metrics/breakdown, chosen in the select of
 * index.html and kept in the page's address (`?sort=`) with the filter, so a shared link keeps it.
 */
export class BreakdownSort {
  constructor(
    private readonly select: HTMLSelectElement,
    onChange: () => void,
  ) {
    this.readAddress();
    select.addEventListener('change', () => {
      const url = new URL(location.href);
      url.searchParams.set('sort', select.value);
      history.replaceState(history.state, '', url);
      onChange();
    });
  }

  /** Follows the address, as after Back: its `sort` when it is one of the choices, else the first. */
  readAddress(): void {
    const wanted = new URLSearchParams(location.search).get('sort');
    const options = [...this.select.options];
    this.select.value =
      options.find((option) => option.value === wanted)?.value ??
      options[0].value;
  }

  get value(): string {
    return this.select.value;
  }
}
