/**
 * The order of the breakdown tables: the `sort` of /metrics/breakdown, chosen in the select of
 * index.html and kept in the page's address (`?sort=`) with the filter, so a shared link keeps it.
 */
export class BreakdownSort {
  constructor(
    private readonly select: HTMLSelectElement,
    onChange: () => void,
  ) {
    const wanted = new URLSearchParams(location.search).get('sort');
    if ([...select.options].some((option) => option.value === wanted)) {
      select.value = wanted as string;
    }
    select.addEventListener('change', () => {
      const url = new URL(location.href);
      url.searchParams.set('sort', select.value);
      history.replaceState(history.state, '', url);
      onChange();
    });
  }

  get value(): string {
    return this.select.value;
  }
}
