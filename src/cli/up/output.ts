/**
 * `up`'s output: lines that stay, and on a terminal one status line at the bottom that is
 * rewritten in place (a spinner and what is being waited for). Without a TTY only the lines.
 */
export interface UpOutput {
  line(text: string): void;
  /** The current wait state; shown only on a TTY. */
  status(text: string): void;
  /** Clear the status line (before the summary, and on exit). */
  end(): void;
}

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function createOutput(stream: NodeJS.WriteStream = process.stdout, isTty: boolean = stream.isTTY === true): UpOutput {
  let shown = false;
  let frame = 0;
  const clear = (): void => {
    if (shown) stream.write('\r\x1b[K');
    shown = false;
  };
  return {
    line(text) {
      clear();
      stream.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    status(text) {
      if (!isTty) return;
      const width = Math.max(20, (stream.columns || 80) - 1);
      const shownText = `${frames[frame++ % frames.length]} ${text}`;
      stream.write(`\r\x1b[K${shownText.length > width ? shownText.slice(0, width - 1) + '…' : shownText}`);
      shown = true;
    },
    end: clear,
  };
}
