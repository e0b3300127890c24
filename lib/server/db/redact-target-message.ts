import 'server-only';

const MAX_LENGTH = 500;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A driver's message, fit to be stored in a run and shown to anyone who may
 * read runs: the hosts, ports, socket paths and passwords of the targets are
 * taken out, whether they appear in a URL, as host:port, or on their own.
 */
export function redactTargetMessage(options: { message: string; urls: string[] }): string {
  const secrets = new Set<string>();
  for (const url of options.urls) {
    try {
      const parsed = new URL(url);
      for (const part of [parsed.hostname, parsed.port, decodeURIComponent(parsed.password)]) {
        if (part.length > 1) secrets.add(part);
      }
    } catch {
      // An unparsable URL adds nothing: the generic patterns below still apply.
    }
  }
  let text = options.message
    .replace(/postgres(ql)?:\/\/\S+/gi, '<url>')
    .replace(/\S*\.s\.PGSQL\.\d+/g, '<socket>')
    .replace(/\[[0-9a-f:.]+\](:\d+)?/gi, '<host>')
    // Bare IPv6: the compressed form (with ::) or all eight groups, so a time of day is left alone.
    .replace(/(?<![\w:])(?=[0-9a-f:]*::)(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi, '<host>')
    .replace(/(?<![\w:])(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}(?![\w:])/gi, '<host>')
    .replace(/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '<host>')
    .replace(/(?<![\w:.-])(?=[a-z0-9.-]*[a-z.])[a-z0-9][a-z0-9.-]*:\d{2,5}\b/gi, '<host>')
    .replace(/\bport \d+\b/gi, 'port <port>');
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    text = text.replace(new RegExp(`(?<![\\w.-])${escapeRegExp(secret)}(?![\\w-])`, 'g'), '<redacted>');
  }
  // A run's message is one line: a driver's newlines or NULs must not reach the log or the CLI.
  const clean = [...text]
    .map((char) => (char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127 ? ' ' : char))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
  return clean.length > MAX_LENGTH ? `${clean.slice(0, MAX_LENGTH)}…` : clean;
}
