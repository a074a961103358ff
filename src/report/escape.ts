/**
 * Escaping for the job summary. `@actions/core` writes markdown as given, and GitHub renders raw
 * HTML in it, so everything that came from a user, a CA or a host goes through here first.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return plain(text).replace(/[&<>"']/g, (c) => HTML[c] ?? c);
}

/**
 * Text for a markdown paragraph or table cell: HTML escaped, markdown punctuation made literal,
 * pipes as an entity (a `\|` is still split by some table renderers), newlines as `<br>` so a
 * multi-line message cannot end a table row or start a block.
 */
export function md(text: string): string {
  // Backslashes first, so the `#` of the entities added after them is left alone.
  return plain(text)
    .replace(/[\\`*_[\]~#!]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => HTML[c] ?? c)
    .replace(/\|/g, '&#124;')
    .replace(/\r?\n/g, '<br>');
}

/** Names, hosts and serials as inline code when they are plain enough to need no escaping. */
const PLAIN = /^[A-Za-z0-9.*:@/_+=-]+$/;

export function code(text: string): string {
  return PLAIN.test(text) ? `\`${text}\`` : md(text);
}

/** Command output in a `<pre>` block: an HTML block, so blank lines inside do not end it. */
export function pre(text: string): string {
  return `<pre>${escapeHtml(text.replace(/\s+$/, ''))}</pre>`;
}

const PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g;
const AGE_IDENTITY = /AGE-SECRET-KEY-1[0-9A-Z]+/g;

/**
 * Removes anything that looks like a private key. Reports carry none by construction; this is the
 * belt to those braces, applied to every string before it leaves the process.
 */
export function scrubSecrets(text: string): string {
  return text.replace(PRIVATE_KEY, '[private key removed]').replace(AGE_IDENTITY, '[age identity removed]');
}

/** ANSI CSI and OSC sequences, as commands like nginx or systemctl may colour their output. */
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g;

/**
 * Strips escape sequences and control characters (tab and newline stay): a host's output must not
 * repaint a terminal, nor put invisible bytes into a summary.
 */
export function plain(text: string): string {
  return text.replace(ANSI, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
