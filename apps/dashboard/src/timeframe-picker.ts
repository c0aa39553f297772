import { el } from './dom';
import {
  TIMEFRAMES,
  loadTimeframe,
  saveTimeframe,
  timeframeOf,
  type TimeframeId,
} from './timeframe';

const PARAM = 'timeframe';

/**
 * The timeframe, a row of radio buttons inside the fieldset of index.html. It is kept in the page's
 * address (`?timeframe=`) beside the filter and the sort, so a shared link shows the sender's
 * window rather than the recipient's; the browser remembers the last one picked for an address
 * without one. A pick replaces the address rather than adding to the history, like the sort:
 * Back steps between filters, not through timeframe clicks.
 */
export class TimeframePicker {
  private readonly inputs: HTMLInputElement[];
  private current: TimeframeId = loadTimeframe();

  constructor(fieldset: HTMLFieldSetElement, onChange: () => void) {
    this.inputs = TIMEFRAMES.map((option) => {
      const input = el('input', {
        type: 'radio',
        name: 'timeframe',
        id: `timeframe-${option.id}`,
        value: option.id,
      });
      input.addEventListener('change', () => {
        if (!input.checked) return;
        this.current = option.id;
        saveTimeframe(option.id);
        this.writeAddress();
        onChange();
      });
      fieldset.append(
        input,
        el('label', { for: input.id, title: option.title }, option.label),
      );
      return input;
    });
    this.readAddress();
  }

  /**
   * Follows the address, as on load and after Back: its timeframe when it names one, else the
   * remembered one. The address is corrected to say which, so that it can be shared as it is.
   */
  readAddress(): void {
    const wanted = new URLSearchParams(location.search).get(PARAM);
    this.current = timeframeOf(wanted) ?? loadTimeframe();
    for (const input of this.inputs) {
      input.checked = input.value === this.current;
    }
    this.writeAddress();
  }

  get value(): TimeframeId {
    return this.current;
  }

  private writeAddress(): void {
    const url = new URL(location.href);
    url.searchParams.set(PARAM, this.current);
    if (url.href !== location.href) {
      history.replaceState(history.state, '', url);
    }
  }
}
