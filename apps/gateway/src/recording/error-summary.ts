/** Leaves room in the 512-character `error_message` column. */
export const MAX_ERROR_SUMMARY_LENGTH = 500;

const REDACTED = '[redacted]';

/** Credentials that backends echo back in error messages. */
const CREDENTIAL_PATTERNS: [RegExp, string][] = [
  [/\bBearer\s+[^\s"',;]+/gi, `Bearer ${REDACTED}`],
  [/\bBasic\s+[A-Za-z0-9+/]{8,}={0,2}/gi, `Basic ${REDACTED}`],
  [
    /\b(api[_-]?key|access[_-]?token|token|secret|password)(["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi,
    `$1$2${REDACTED}`,
  ],
  [/\b(sk|rk)-[A-Za-z0-9_*-]{6,}/g, REDACTED],
  [/\b(gsk|hf|ghp|gho|ghu|ghs|github_pat)_[A-Za-z0-9_-]{6,}/g, REDACTED],
  [/\bxai-[A-Za-z0-9_-]{6,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
];

/**
 * `code: message` for the `error_message` column: single-line, credentials redacted,
 * at most {@link MAX_ERROR_SUMMARY_LENGTH} characters. '' when both are missing.
 */
export function summariseBackendError(
  code: string | number | null | undefined,
  message: string | null | undefined,
): string {
  const parts = [code, message].filter(
    (part) => part !== null && part !== undefined && part !== '',
  );
  let summary = parts.join(': ').replace(/\s+/g, ' ').trim();
  for (const [pattern, replacement] of CREDENTIAL_PATTERNS) {
    summary = summary.replace(pattern, replacement);
  }
  return truncate(summary, MAX_ERROR_SUMMARY_LENGTH);
}

/** Never leaves half a surrogate pair, which MySQL would reject as invalid UTF-8. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
