/**
 * The lesson file format (lessons/*.json; lessons/README.md explains it for instructors) and its validator.
 * A lesson is data: a program, then steps, each with an explanation, actions the player can do for the
 * student, and an optional checkpoint answered against the machine's state. The validator reports every
 * problem as `file: field: what is wrong`, so an instructor can fix a file without reading code.
 */

export type Firmware = 'bare' | 'monitor' | 'host';
export type ModeLetter = 'U' | 'S' | 'M';

/** What the player can do to the machine (through the page's `act` callback). */
export type LessonAction =
  | {
      do: 'load';
      example: string;
      firmware: Firmware;
      options?: { misalignedAccess?: 'perform' | 'trap'; timeCsr?: 'provided' | 'absent' };
    }
  | { do: 'open'; file: string }
  | { do: 'break'; symbol: string }
  | { do: 'clear-breakpoints' }
  | { do: 'run' }
  | { do: 'step'; count: number }
  | { do: 'reset' };

/** A condition on the machine state; every field given must hold. */
export interface Condition {
  priv?: ModeLetter;
  /** The pc equals this symbol's address. */
  pcAt?: string;
  /** Register (ABI name or xN) equals value (decimal or 0x hex, as a string: 64-bit values do not fit JSON numbers). */
  reg?: { name: string; value: string };
  /** The last trap's cause: number and whether it was an interrupt. */
  lastTrap?: { cause: number; interrupt?: boolean };
  /** The console output so far contains this text. */
  console?: string;
}

export type Checkpoint =
  | { kind: 'choice'; question: string; choices: string[]; answer: number; explain: string }
  | { kind: 'state'; task: string; until: Condition; explain: string };

export interface LessonStep {
  title: string;
  /** The explanation; blank lines separate paragraphs, `code` in backquotes. */
  text: string;
  actions?: LessonAction[];
  check?: Checkpoint;
}

export interface Lesson {
  id: string;
  title: string;
  /** One sentence: what the student learns. */
  goal: string;
  /** Minutes a student needs, roughly. */
  minutes: number;
  steps: LessonStep[];
}

const FIRMWARES = ['bare', 'monitor', 'host'];
const MODES = ['U', 'S', 'M'];
const ACTIONS = ['load', 'open', 'break', 'clear-breakpoints', 'run', 'step', 'reset'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Every problem of `data` as a lesson, `file: field: message`; an empty list means it is a valid Lesson. */
export function validateLesson(data: unknown, file: string): string[] {
  const errors: string[] = [];
  const err = (field: string, msg: string): void => void errors.push(`${file}: ${field}: ${msg}`);
  const text = (o: Obj, key: string, at: string): void => {
    if (!isText(o[key])) err(`${at}${key}`, 'must be a non-empty string');
  };
  const allowOnly = (o: Obj, keys: string[], at: string): void => {
    for (const k of Object.keys(o))
      if (!keys.includes(k)) err(`${at}${k}`, `unknown field (allowed: ${keys.join(', ')})`);
  };
  if (!isObj(data)) {
    err('(top)', 'must be an object { id, title, goal, minutes, steps }');
    return errors;
  }
  allowOnly(data, ['id', 'title', 'goal', 'minutes', 'steps'], '');
  if (typeof data.id !== 'string' || !/^[a-z0-9-]+$/.test(data.id))
    err('id', 'must be lowercase letters, digits and dashes');
  text(data, 'title', '');
  text(data, 'goal', '');
  if (typeof data.minutes !== 'number' || !(data.minutes > 0)) err('minutes', 'must be a positive number');
  if (!Array.isArray(data.steps) || data.steps.length === 0) {
    err('steps', 'must be a non-empty list of steps');
    return errors;
  }
  data.steps.forEach((step: unknown, i: number) => {
    const at = `steps[${i}].`;
    if (!isObj(step)) return err(`steps[${i}]`, 'must be an object { title, text, actions?, check? }');
    allowOnly(step, ['title', 'text', 'actions', 'check'], at);
    text(step, 'title', at);
    text(step, 'text', at);
    if (step.actions !== undefined) {
      if (!Array.isArray(step.actions)) err(`${at}actions`, 'must be a list');
      else step.actions.forEach((a: unknown, j: number) => validateAction(a, `${at}actions[${j}]`, err));
    }
    if (step.check !== undefined) validateCheck(step.check, `${at}check`, err);
  });
  return errors;
}

function validateAction(a: unknown, at: string, err: (f: string, m: string) => void): void {
  if (!isObj(a) || typeof a.do !== 'string' || !ACTIONS.includes(a.do)) {
    return err(`${at}.do`, `must be one of ${ACTIONS.join(', ')}`);
  }
  if (a.do === 'load') {
    if (!isText(a.example) || !a.example.endsWith('.S'))
      err(`${at}.example`, 'must name an example, e.g. "hello.S"');
    if (!FIRMWARES.includes(a.firmware as string))
      err(`${at}.firmware`, `must be one of ${FIRMWARES.join(', ')}`);
    if (a.options !== undefined && !isObj(a.options)) err(`${at}.options`, 'must be an object');
  }
  if (a.do === 'open' && !isText(a.file)) err(`${at}.file`, 'must name a file under lessons/');
  if (a.do === 'break' && !isText(a.symbol)) err(`${at}.symbol`, 'must name a label of the program');
  if (a.do === 'step' && !(Number.isInteger(a.count) && (a.count as number) > 0))
    err(`${at}.count`, 'must be a positive whole number');
}

function validateCheck(c: unknown, at: string, err: (f: string, m: string) => void): void {
  if (!isObj(c)) return err(at, 'must be an object');
  if (!isText(c.explain)) err(`${at}.explain`, 'must say why the answer is right, for the student');
  if (c.kind === 'choice') {
    if (!isText(c.question)) err(`${at}.question`, 'must be a non-empty string');
    if (!Array.isArray(c.choices) || c.choices.length < 2 || !c.choices.every(isText)) {
      err(`${at}.choices`, 'must be a list of at least two answers');
    } else if (!(
      Number.isInteger(c.answer) &&
      (c.answer as number) >= 0 &&
      (c.answer as number) < c.choices.length
    )) {
      err(`${at}.answer`, `must be the index (0 to ${c.choices.length - 1}) of the right choice`);
    }
  } else if (c.kind === 'state') {
    if (!isText(c.task)) err(`${at}.task`, 'must say what the student should do');
    const u = c.until;
    if (!isObj(u) || Object.keys(u).length === 0)
      return err(`${at}.until`, 'must give at least one condition');
    const known = ['priv', 'pcAt', 'reg', 'lastTrap', 'console'];
    for (const k of Object.keys(u))
      if (!known.includes(k)) err(`${at}.until.${k}`, `unknown condition (allowed: ${known.join(', ')})`);
    if (u.priv !== undefined && !MODES.includes(u.priv as string))
      err(`${at}.until.priv`, 'must be "U", "S" or "M"');
    if (u.pcAt !== undefined && !isText(u.pcAt)) err(`${at}.until.pcAt`, 'must name a label');
    if (
      u.reg !== undefined &&
      (!isObj(u.reg) ||
        !isText(u.reg.name) ||
        typeof u.reg.value !== 'string' ||
        !/^(0x[0-9a-f]+|-?[0-9]+)$/i.test(u.reg.value))
    ) {
      err(`${at}.until.reg`, 'must be { "name": "a0", "value": "42" or "0x2a" } (value as a string)');
    }
    if (u.lastTrap !== undefined && (!isObj(u.lastTrap) || !Number.isInteger(u.lastTrap.cause))) {
      err(`${at}.until.lastTrap`, 'must be { "cause": number, "interrupt"?: boolean }');
    }
    if (u.console !== undefined && !isText(u.console))
      err(`${at}.until.console`, 'must be a non-empty string');
  } else {
    err(`${at}.kind`, 'must be "choice" or "state"');
  }
}
