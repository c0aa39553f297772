export type Theme = 'light' | 'dark';

const KEY = 'llm-dashboard.theme';

/** The theme chosen before on this device, else the system's. */
function initialTheme(): Theme {
  const stored = localStorage.getItem(KEY);
  if (stored === 'light' || stored === 'dark') return stored;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Applies the initial theme and makes `button` (pressed: dark) switch it, remembering the choice. */
export function bindThemeToggle(
  button: HTMLButtonElement,
  onChange: () => void,
): void {
  let theme = initialTheme();
  const apply = () => {
    document.documentElement.dataset.theme = theme;
    button.setAttribute('aria-pressed', String(theme === 'dark'));
  };
  apply();
  button.addEventListener('click', () => {
    theme = theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(KEY, theme);
    apply();
    onChange();
  });
}
