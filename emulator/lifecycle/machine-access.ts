import type { Machine } from '../machine';

/**
 * The machine's breakpoints, which Machine keeps private (setBreakpoints has no getter): time travel
 * replays with breakpoints of its own and puts the user's back afterwards. Bracket access still checks the
 * name and type; this file is the one place to change when Machine offers a getter.
 */
export function breakpointsOf(m: Machine): number[] {
  const set = m['breakpoints'];
  return set === null ? [] : [...set];
}
