/**
 * stdin as the guest's console input: bytes are handed over as they arrive (the runner executes the guest
 * in slices and yields to the event loop between them, so 'data' events are delivered while it runs).
 * Works when stdin is a pipe, a file, /dev/null or a terminal. On a terminal it switches to raw mode, so
 * keys reach the guest one at a time and unechoed, like QEMU's -nographic console, and, as there,
 * Ctrl-A x quits.
 */
const CTRL_A = 0x01;

export class ConsoleInput {
  /** True once stdin has ended (or failed): no more input will ever come. */
  ended = false;
  private wakeUp: (() => void) | null = null;
  private sawCtrlA = false;
  private readonly rawTty: boolean;

  constructor(
    private readonly stream: NodeJS.ReadStream,
    private readonly deliver: (bytes: Uint8Array) => void,
    private readonly quit: () => void,
  ) {
    this.rawTty = stream.isTTY === true;
    if (this.rawTty) stream.setRawMode(true);
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    const end = (): void => {
      this.ended = true;
      this.wake();
    };
    stream.on('end', end);
    stream.on('error', end);
    stream.on('close', end);
  }

  /** Resolves when input arrives or stdin ends. */
  waitForInput(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
    });
  }

  close(): void {
    if (this.rawTty) this.stream.setRawMode(false);
    this.stream.removeAllListeners('data');
    this.stream.pause();
    this.stream.unref?.();
  }

  private onData(chunk: Buffer): void {
    const bytes = this.rawTty ? this.filterEscape(chunk) : chunk;
    if (bytes.length > 0) this.deliver(new Uint8Array(bytes));
    this.wake();
  }

  /** Ctrl-A x quits; Ctrl-A Ctrl-A sends one Ctrl-A; Ctrl-A followed by anything else sends both bytes. */
  private filterEscape(chunk: Buffer): number[] {
    const out: number[] = [];
    for (const b of chunk) {
      if (this.sawCtrlA) {
        this.sawCtrlA = false;
        if (b === 0x78 /* x */) {
          this.quit();
          return [];
        }
        if (b !== CTRL_A) out.push(CTRL_A);
        out.push(b);
      } else if (b === CTRL_A) {
        this.sawCtrlA = true;
      } else {
        out.push(b);
      }
    }
    return out;
  }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }
}
