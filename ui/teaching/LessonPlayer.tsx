/**
 * Plays one lesson: its steps in order, each with its explanation, buttons for its actions (done through
 * the page's `act` callback, never directly), and its checkpoint: a multiple-choice question checked on
 * the spot, or a "do this until ..." condition checked against the machine state the page passes in. The
 * student moves on when the checkpoint passes (or may skip it: a lesson must never trap a student).
 * Props: lesson; state (LessonMachineState, or null while nothing is loaded); act(action); busy? (actions
 * still in progress: aria-busy on the player); ended? (the program's exit code once it has ended: a state
 * checkpoint not reached by then says so, rather than waiting for a Run that can do nothing); step? and onStepChange? (to control the current step from
 * outside, e.g. to remember it); presentation? is not here: the App wraps the player in the presentation
 * class (presentation.css). Render it with key={lesson.id} so that answers and skips start afresh with each
 * lesson.
 */
import { useState } from 'react';
import '../panels/panel-theme.css';
import './teaching.css';
import './LessonPlayer.css';
import { checkCondition, type LessonMachineState } from './lesson-check';
import type { Lesson, LessonAction } from './lesson-schema';

export interface LessonPlayerProps {
  lesson: Lesson;
  state: LessonMachineState | null;
  act: (action: LessonAction) => void;
  step?: number;
  onStepChange?: (step: number) => void;
  /** The actions asked for are still being done (marked aria-busy, so a student or a test can wait). */
  busy?: boolean;
  /**
   * The guest program has ended (its exit code), so a checkpoint not reached yet never will be without
   * starting again; null or absent while it can still run.
   */
  ended?: number | null;
}

export function describeAction(a: LessonAction): string {
  switch (a.do) {
    case 'load':
      return `Load ${a.example} (firmware: ${a.firmware})`;
    case 'open':
      return `Open ${a.file} in the editor`;
    case 'break':
      return `Set a breakpoint at ${a.symbol}`;
    case 'clear-breakpoints':
      return 'Clear all breakpoints';
    case 'run':
      return 'Run';
    case 'step':
      return `Step ${a.count} instruction${a.count === 1 ? '' : 's'}`;
    case 'reset':
      return 'Reset the machine';
  }
}

/** `code` in backquotes, as code. */
const inline = (s: string) =>
  s.split(/`([^`]*)`/).map((part, j) => (j % 2 === 1 ? <code key={j}>{part}</code> : part));

/** Blank lines separate paragraphs; `code` in backquotes; lines starting "1. " form a list. */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\s*\n/).map((para, i) => {
        const lines = para.split('\n');
        if (lines.every((l) => /^\d+\. /.test(l))) {
          return (
            <ol key={i}>
              {lines.map((l, j) => (
                <li key={j}>{inline(l.replace(/^\d+\. /, ''))}</li>
              ))}
            </ol>
          );
        }
        return <p key={i}>{inline(para)}</p>;
      })}
    </>
  );
}

export function LessonPlayer({
  lesson,
  state,
  act,
  step: controlled,
  onStepChange,
  busy = false,
  ended = null,
}: LessonPlayerProps) {
  const [own, setOwn] = useState(0);
  const index = Math.min(controlled ?? own, lesson.steps.length - 1);
  const [picked, setPicked] = useState<Record<number, number>>({});
  const [done, setDone] = useState<Record<number, boolean>>({});
  const go = (i: number): void => {
    setOwn(i);
    onStepChange?.(i);
  };
  const step = lesson.steps[index];
  const check = step.check;
  const choice = picked[index];
  const condition = check?.kind === 'state' && state ? checkCondition(check.until, state) : null;
  const passed =
    check === undefined ||
    (check.kind === 'choice' ? choice === check.answer : (condition?.ok ?? false)) ||
    done[index] === true;
  const last = index === lesson.steps.length - 1;

  return (
    <section
      className="hs-panel hs-teach hs-lesson"
      aria-label={`Lesson: ${lesson.title}`}
      aria-busy={busy || undefined}
    >
      <header className="hs-lesson-head">
        <h2 className="hs-lesson-title">{lesson.title}</h2>
        <p className="hs-teach-muted">
          {lesson.goal} (about {lesson.minutes} minutes)
        </p>
        <ol className="hs-lesson-progress" aria-label="Steps">
          {lesson.steps.map((s, i) => (
            <li key={i}>
              <button
                type="button"
                className={i === index ? 'hs-lesson-dot hs-lesson-dot-current' : 'hs-lesson-dot'}
                aria-current={i === index ? 'step' : undefined}
                onClick={() => go(i)}
                title={s.title}
              >
                {i + 1}
              </button>
            </li>
          ))}
        </ol>
      </header>
      <article className="hs-lesson-step">
        <h3>
          Step {index + 1} of {lesson.steps.length}: {step.title}
        </h3>
        <Prose text={step.text} />
        {step.actions && step.actions.length > 0 && (
          <div className="hs-lesson-actions">
            <button type="button" className="hs-lesson-do" onClick={() => step.actions!.forEach(act)}>
              Do it for me
            </button>
            <ul aria-label="What this step does">
              {step.actions.map((a, i) => (
                <li key={i}>
                  <button type="button" className="hs-lesson-action" onClick={() => act(a)}>
                    {describeAction(a)}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {check?.kind === 'choice' && (
          <fieldset className="hs-lesson-check">
            <legend>{inline(check.question)}</legend>
            {check.choices.map((c, i) => (
              <label key={i} className="hs-lesson-choice">
                <input
                  type="radio"
                  name={`lesson-${lesson.id}-${index}`}
                  checked={choice === i}
                  onChange={() => setPicked({ ...picked, [index]: i })}
                />{' '}
                {inline(c)}
              </label>
            ))}
            {choice !== undefined && (
              <p className={choice === check.answer ? 'hs-lesson-right' : 'hs-lesson-wrong'} role="status">
                {choice === check.answer
                  ? ['✔ Right. ', ...inline(check.explain)]
                  : '✘ Not quite: think again, or read the step once more.'}
              </p>
            )}
          </fieldset>
        )}
        {check?.kind === 'state' && (
          <div className="hs-lesson-check">
            <div className="hs-lesson-task">
              <strong>Your turn:</strong> <Prose text={check.task} />
            </div>
            <ul className="hs-lesson-conditions" aria-label="Checkpoint">
              {(condition?.parts ?? []).map((p, i) => (
                <li key={i} className={p.ok ? 'hs-lesson-right' : 'hs-lesson-waiting'}>
                  {p.ok ? '✔' : '○'} {p.text}
                </li>
              ))}
              {state === null && <li className="hs-lesson-waiting">○ nothing is loaded yet</li>}
            </ul>
            {condition?.ok && (
              <p className="hs-lesson-right" role="status">
                ✔ Checkpoint reached. {inline(check.explain)}
              </p>
            )}
            {!condition?.ok && ended !== null && (
              <p className="hs-lesson-wrong" role="status">
                The program has ended (exit code {ended}) without reaching this checkpoint. Do this
                step&apos;s actions again (or an earlier step&apos;s), then try once more.
              </p>
            )}
          </div>
        )}
      </article>
      <footer className="hs-lesson-nav">
        <button type="button" disabled={index === 0} onClick={() => go(index - 1)}>
          ← Back
        </button>
        {!passed && (
          <button
            type="button"
            className="hs-lesson-skip"
            onClick={() => setDone({ ...done, [index]: true })}
          >
            Skip this checkpoint
          </button>
        )}
        <button type="button" disabled={!passed || last} onClick={() => go(index + 1)}>
          {last ? 'Lesson complete' : 'Next →'}
        </button>
      </footer>
    </section>
  );
}
