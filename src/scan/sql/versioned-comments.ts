/**
 * MySQL runs the text of versioned comments (`/*!50001 …` up to the closing star-slash): the markers are
 * blanked (same length, so lines and offsets stay) and the text inside is kept as SQL. Quotes are followed so
 * a marker inside a string is left alone.
 *
 * Streaming: `push` takes the text in pieces of any size and returns what is settled so far; it holds back
 * the last two characters (a marker can span the edge) until the next piece or `end`. The pieces joined
 * are the same as `unwrapVersionedComments` of the whole text.
 */
export class VersionedCommentUnwrapper {
  private pending = "";
  private quote: string | null = null;
  private inVersioned = false;
  /** Just after `/*!`: the version digits are blanked too. */
  private inDigits = false;
  /** The character after a backslash in a string is skipped (it may be the first of the next piece). */
  private skipNext = false;

  push(piece: string): string {
    this.pending += piece;
    return this.take(false);
  }

  end(): string {
    return this.take(true);
  }

  private take(final: boolean): string {
    const text = this.pending;
    const limit = final ? text.length : Math.max(0, text.length - 2);
    const blanks: number[] = [];
    let i = 0;
    while (i < limit) {
      if (this.skipNext) {
        this.skipNext = false;
        i++;
        continue;
      }
      const c = text.charCodeAt(i);
      if (this.inDigits) {
        if (c >= 48 && c <= 57) {
          blanks.push(i++);
          continue;
        }
        this.inDigits = false;
      }
      if (this.quote !== null) {
        // Jump to the next backslash or closing quote.
        const next = nextOf(this.quote === "`" ? BACKTICK : this.quote === "'" ? SINGLE : DOUBLE, text, i, limit);
        if (next < 0) {
          i = limit;
          break;
        }
        i = next;
        if (text.charCodeAt(i) === 92 /* \ */) this.skipNext = true;
        else this.quote = null;
        i++;
        continue;
      }
      // Jump to the next quote, marker or (inside a versioned comment) its end.
      const next = nextOf(this.inVersioned ? OUTSIDE_VERSIONED : OUTSIDE, text, i, limit);
      if (next < 0) {
        i = limit;
        break;
      }
      i = next;
      const d = text.charCodeAt(i);
      if (d === 39 || d === 34 || d === 96) {
        this.quote = text[i];
        i++;
      } else if (d === 47 /* / */) {
        blanks.push(i, i + 1, i + 2);
        this.inVersioned = true;
        this.inDigits = true;
        i += 3;
      } else {
        blanks.push(i, i + 1);
        this.inVersioned = false;
        i += 2;
      }
    }
    // A marker or pair read at the edge may have stepped past the limit: what it covered is settled too.
    const settled = Math.min(Math.max(i, limit), text.length);
    this.pending = text.slice(settled);
    if (!blanks.length) return text.slice(0, settled);
    let out = "";
    let from = 0;
    for (const b of blanks) {
      out += `${text.slice(from, b)} `;
      from = b + 1;
    }
    return out + text.slice(from, settled);
  }
}

const OUTSIDE = /['"`]|\/\*!/g;
const OUTSIDE_VERSIONED = /['"`]|\*\//g;
const SINGLE = /['\\]/g;
const DOUBLE = /["\\]/g;
const BACKTICK = /`/g;

/** Where `re` next matches in `text` from `from`, starting before `limit`; -1 when it does not. */
function nextOf(re: RegExp, text: string, from: number, limit: number): number {
  re.lastIndex = from;
  const m = re.exec(text);
  return m && m.index < limit ? m.index : -1;
}

/** The whole text at once (see VersionedCommentUnwrapper). */
export function unwrapVersionedComments(sql: string): string {
  if (!sql.includes("/*!")) return sql;
  const u = new VersionedCommentUnwrapper();
  return u.push(sql) + u.end();
}
