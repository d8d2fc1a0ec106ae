/**
 * Every lesson file (lessons/*.json) passes the schema, and everything it names exists: the examples in
 * firmware/examples/, the files it opens under lessons/, and every symbol it breaks at or checks pc against,
 * in the program loaded at that step (the example, its lib/ includes, and the monitor when it runs on it).
 * The lab's skeleton is run in the emulator with and without the hole filled: the check in the lesson
 * (the console transcript) must fail before and pass after.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateLesson, type Lesson } from '../../../ui/teaching/lesson-schema';

const LESSONS_DIR = 'lessons';
const files = readdirSync(LESSONS_DIR).filter((f) => f.endsWith('.json'));

const labels = (paths: string[]): Set<string> => {
  const out = new Set<string>();
  for (const p of paths)
    for (const m of readFileSync(p, 'utf8').matchAll(/^([A-Za-z_.$][\w.$]*):/gm)) out.add(m[1]);
  return out;
};
const dir = (d: string): string[] =>
  readdirSync(d)
    .filter((f) => f.endsWith('.S'))
    .map((f) => join(d, f));

describe('lessons', () => {
  it('there are at least six', () => expect(files.length).toBeGreaterThanOrEqual(6));

  it('the validator names the file, the field and what is wrong', () => {
    expect(
      validateLesson(
        {
          id: 'x',
          title: 't',
          goal: 'g',
          minutes: 1,
          steps: [
            {
              title: 's',
              text: 't',
              check: { kind: 'choice', question: 'q', choices: ['a', 'b'], answer: 2, explain: 'e' },
            },
          ],
        },
        'bad.json',
      ),
    ).toEqual(['bad.json: steps[0].check.answer: must be the index (0 to 1) of the right choice']);
    expect(
      validateLesson(
        {
          id: 'Bad Id',
          title: '',
          goal: 'g',
          minutes: 1,
          steps: [{ title: 's', text: 't', actions: [{ do: 'fly' }] }],
        },
        'f.json',
      ),
    ).toEqual([
      'f.json: id: must be lowercase letters, digits and dashes',
      'f.json: title: must be a non-empty string',
      'f.json: steps[0].actions[0].do: must be one of load, open, break, clear-breakpoints, run, step, reset',
    ]);
  });

  it.each(files)('%s is valid and everything it names exists', (file) => {
    const data: unknown = JSON.parse(readFileSync(join(LESSONS_DIR, file), 'utf8'));
    expect(validateLesson(data, file)).toEqual([]);
    const lesson = data as Lesson;
    let symbols = new Set<string>();
    const need = (symbol: string, where: string): void => {
      expect(
        symbols.has(symbol),
        `${file}: ${where}: no label ${symbol} in the program loaded at that step`,
      ).toBe(true);
    };
    lesson.steps.forEach((step, i) => {
      for (const a of step.actions ?? []) {
        if (a.do === 'load') {
          const path = join('firmware/examples', a.example);
          expect(existsSync(path), `${file}: steps[${i}]: no example ${a.example}`).toBe(true);
          symbols = labels([
            path,
            ...dir('firmware/examples/lib'),
            ...(a.firmware === 'monitor' ? dir('firmware/monitor') : []),
          ]);
        }
        if (a.do === 'open') {
          const path = join(LESSONS_DIR, a.file);
          expect(existsSync(path), `${file}: steps[${i}]: no file ${a.file}`).toBe(true);
          symbols = labels([path]);
        }
        if (a.do === 'break') need(a.symbol, `steps[${i}] break`);
      }
      if (step.check?.kind === 'state' && step.check.until.pcAt)
        need(step.check.until.pcAt, `steps[${i}].check`);
    });
  });
});

describe('the trap-and-emulate lab', () => {
  const skeleton = readFileSync('lessons/lab-emulate/monitor-lab.S', 'utf8');
  const lesson = JSON.parse(readFileSync('lessons/10-lab-trap-and-emulate.json', 'utf8')) as Lesson;
  const passText = lesson.steps.flatMap((s) =>
    s.check?.kind === 'state' && s.check.until.console ? [s.check.until.console] : [],
  )[0];
  const run = (source: string): string => {
    const path = join(mkdtempSync(join(tmpdir(), 'lab-')), 'lab.S');
    writeFileSync(path, source);
    try {
      return execFileSync('node', ['src/cli/launch.mjs', 'src/cli/emu.ts', path, '--max-insns', '100000'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      return String((e as { stdout?: string }).stdout ?? '');
    }
  };

  it('the skeleton as given does not pass; with the handler written it does', () => {
    expect(passText).toBe('lab passed: time moves');
    expect(run(skeleton)).not.toContain(passText);
    const solved = skeleton.replace(
      '# <<< end of your code',
      ['li t0, MTIME', 'ld a0, 0(t0)', 'csrr t0, mepc', 'addi t0, t0, 4', 'csrw mepc, t0', '# <<<'].join(
        '\n  ',
      ),
    );
    expect(run(solved)).toContain(passText);
  }, 30_000);
});

describe('the bundled lesson list (ui/teaching/lessons.ts)', () => {
  it('holds every lesson file, valid, in file-name order', async () => {
    const { LESSONS, LESSON_ERRORS } = await import('../../../ui/teaching/lessons');
    expect(LESSON_ERRORS).toEqual([]);
    const ids = files
      .sort()
      .map((f) => (JSON.parse(readFileSync(join(LESSONS_DIR, f), 'utf8')) as Lesson).id);
    expect(LESSONS.map((l) => l.id)).toEqual(ids);
  });
});
