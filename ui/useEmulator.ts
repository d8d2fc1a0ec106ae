/**
 * The one hook that owns the connection to the worker (CONVENTIONS.md, "React: state flows one way"). It pulls
 * a state view once per animation frame while the machine runs, and once after each command otherwise; panels
 * read the result and send commands back through the returned actions.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Remote } from 'comlink';
import type { EmulatorApi, MachineStateView } from '../src/worker/emulator-api';

/** The console keeps the last this-many characters, so a chatty guest cannot grow the page without bound. */
const CONSOLE_LIMIT = 100_000;

export interface EmulatorView {
  state: MachineStateView | null;
  consoleText: string;
  /** A problem loading a file (not a guest problem: those are the guest's traps and exit codes). */
  loadError: string | null;
  loadElf(bytes: Uint8Array, name: string): Promise<void>;
  run(): void;
  pause(): void;
  step(): void;
  reset(): void;
}

export function useEmulator(api: Remote<EmulatorApi>): EmulatorView {
  const [state, setState] = useState<MachineStateView | null>(null);
  const [consoleText, setConsoleText] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const decoder = useRef(new TextDecoder());
  const running = useRef(false);

  const refresh = useCallback(async () => {
    const view = await api.getState();
    if (view.consoleBytes.length > 0) {
      const text = decoder.current.decode(view.consoleBytes, { stream: true });
      setConsoleText((old) => (old + text).slice(-CONSOLE_LIMIT));
    }
    setState(view);
    return view;
  }, [api]);

  const clearConsole = useCallback(() => {
    decoder.current = new TextDecoder();
    setConsoleText('');
  }, []);

  // While running: one getState per animation frame.
  const pollWhileRunning = useCallback(() => {
    const frame = async (): Promise<void> => {
      const view = await refresh();
      if (view.status.kind === 'running') requestAnimationFrame(() => void frame());
      else running.current = false;
    };
    if (!running.current) {
      running.current = true;
      requestAnimationFrame(() => void frame());
    }
  }, [refresh]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const loadElf = useCallback(
    async (bytes: Uint8Array, name: string) => {
      const result = await api.loadElf(bytes, name);
      setLoadError(result.ok ? null : result.error);
      if (result.ok) clearConsole();
      await refresh();
    },
    [api, clearConsole, refresh],
  );

  const run = useCallback(() => {
    // The run's promise settles when it stops; the final state is pulled then, so the last bytes are shown.
    void api.run().then(refresh);
    pollWhileRunning();
  }, [api, pollWhileRunning, refresh]);

  const pause = useCallback(() => void api.pause().then(refresh), [api, refresh]);
  const step = useCallback(() => void api.step().then(refresh), [api, refresh]);
  const reset = useCallback(() => {
    void api.reset().then(() => {
      clearConsole();
      return refresh();
    });
  }, [api, clearConsole, refresh]);

  return { state, consoleText, loadError, loadElf, run, pause, step, reset };
}
