/**
 * A lesson's tracker keeps the console text its checks read; a guest that floods its console must not grow
 * it without bound (docs/hardening.md, "guest memory").
 */
import { expect, it } from 'vitest';
import { CONSOLE_FRAME_LIMIT } from '../../../src/worker/emulator-api';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { LESSON_CONSOLE_LIMIT, LessonStateTracker } from '../../../ui/teaching/lesson-state';
import { FLOOD } from '../../src/worker/programs';

it('keeps only the newest LESSON_CONSOLE_LIMIT characters of a flooding guest', async () => {
  const s = new EmulatorSession({ ramSize: 1 << 20 });
  const r = await s.assembleAndLoad({ text: FLOOD, file: 'flood.S' });
  expect(r.ok, r.ok ? '' : r.error).toBe(true);
  const tracker = new LessonStateTracker(r.ok ? r.symbols : []);
  let state = tracker.update(await s.getState());
  // FLOOD prints one 'A' per two instructions; each round hands the tracker a full frame of console bytes.
  const rounds = Math.ceil((2 * LESSON_CONSOLE_LIMIT) / CONSOLE_FRAME_LIMIT) + 1;
  for (let i = 0; i < rounds; i++) {
    await s.step(CONSOLE_FRAME_LIMIT * 2);
    state = tracker.update(await s.getState());
  }
  expect(rounds * CONSOLE_FRAME_LIMIT).toBeGreaterThan(LESSON_CONSOLE_LIMIT);
  expect(state.console.length).toBe(LESSON_CONSOLE_LIMIT);
  expect(/^A+$/.test(state.console)).toBe(true);
});
