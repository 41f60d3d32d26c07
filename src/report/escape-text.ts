/*
 * Text for terminals and CI logs, from names a repository chose (file, folder and table names, messages
 * quoting them). A control character could move the cursor, recolour or retitle the terminal (ANSI/OSC
 * sequences), or start a new line reading `::error file=…::` or `::stop-commands::`, which GitHub Actions
 * runs as a workflow command. Names are escaped where they are put into a line; a whole text output is
 * guarded once more so that no line of it starts with `::`.
 */

/** C0 and C1 controls, DEL, the Unicode line and paragraph separators and the bidirectional overrides. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escapeOne = (ch: string): string => {
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  if (ch === "\t") return "\\t";
  // \uXXXX, which is also JSON's escape: a JSON output guarded by terminalText stays valid JSON.
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
};

/** A name or message as one line of plain text: every control character written as an escape (`\n`, `\u001b`). */
export function escapeControls(s: string): string {
  return s.replace(CONTROL, escapeOne);
}

/**
 * A whole text output (many lines, colours included): a line that would start with `::` (after blanks)
 * starts with `\::` instead, so no CI log reads a workflow command in it. Names in it are escapeControls'.
 */
export function safeLines(text: string): string {
  return text.replace(/^([ \t]*)::/gm, "$1\\::");
}

/**
 * A whole output on its way to a terminal, a log or a file: every control character but newline, tab and
 * the colour codes strangler's own colouring writes (`ESC[…m`) escaped (an OSC title, a cursor move, a
 * carriage return overwriting a line), then safeLines. Nothing a name could carry acts on a terminal.
 */
export function terminalText(text: string): string {
  return safeLines(text.replace(/\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (m) => (m.length > 1 ? m : escapeOne(m))));
}
