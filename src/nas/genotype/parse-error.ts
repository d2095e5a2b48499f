// A parse error that shows where in the source text it happened.

/** Half-open character range [start, end) in the parsed text. */
export interface SourceSpan {
  start: number;
  end: number;
}

export interface SourcePosition {
  /** 1-based line. */
  line: number;
  /** 1-based column (UTF-16 code units). */
  column: number;
}

export function positionAt(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

// Genotype reprs are often one line of 1000+ characters, so only a window around the error is shown.
const WINDOW = 100;

/** The offending source line with a row of carets under `span`, prefixed by the line number. */
export function caretSnippet(text: string, span: SourceSpan): string {
  const { line, column } = positionAt(text, span.start);
  const lineStart = span.start - (column - 1);
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  const source = text.slice(lineStart, lineEnd).replace(/\r$/, '').replace(/\t/g, ' ');

  let from = 0;
  let to = source.length;
  if (source.length > WINDOW) {
    from = Math.max(0, Math.min(column - 1 - WINDOW / 2, source.length - WINDOW));
    to = Math.min(source.length, from + WINDOW);
  }
  const shown = `${from > 0 ? '…' : ''}${source.slice(from, to)}${to < source.length ? '…' : ''}`;
  const caretStart = column - 1 - from + (from > 0 ? 1 : 0);
  const width = Math.max(1, Math.min(span.end, lineStart + to) - span.start);

  const gutter = String(line);
  const pad = ' '.repeat(gutter.length);
  return `  ${gutter} | ${shown}\n  ${pad} | ${' '.repeat(caretStart)}${'^'.repeat(width)}`;
}

export class GenotypeParseError extends Error {
  readonly line: number;
  readonly column: number;

  /**
   * @param reason what is wrong, normally phrased "expected X, found Y"
   * @param text the whole parsed source
   * @param span the offending token
   */
  constructor(
    readonly reason: string,
    readonly text: string,
    readonly span: SourceSpan,
    notes: readonly string[] = [],
  ) {
    const { line, column } = positionAt(text, span.start);
    const extra = notes.length > 0 ? `\n${notes.map((n) => `  note: ${n}`).join('\n')}` : '';
    super(`genotype parse error at ${line}:${column}: ${reason}\n${caretSnippet(text, span)}${extra}`);
    this.name = 'GenotypeParseError';
    this.line = line;
    this.column = column;
  }
}
