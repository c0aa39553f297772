import { el } from './dom';
import { TIMEFRAMES, type TimeframeId } from './timeframe';

/** The timeframe as a row of radio buttons inside the fieldset of index.html. */
export function renderTimeframePicker(
  fieldset: HTMLFieldSetElement,
  selected: TimeframeId,
  onChange: (id: TimeframeId) => void,
): void {
  for (const option of TIMEFRAMES) {
    const input = el('input', {
      type: 'radio',
      name: 'timeframe',
      id: `timeframe-${option.id}`,
      value: option.id,
    });
    input.checked = option.id === selected;
    input.addEventListener('change', () => {
      if (input.checked) onChange(option.id);
    });
    fieldset.append(
      input,
      el('label', { for: input.id, title: option.title }, option.label),
    );
  }
}
