import { formatBytes } from '../app/MachineTools';
import { LINK, type MigrationView } from './migration';

/** A live migration's progress and figures: rounds, pages per round, bytes, downtime. */
export function MigrationReport({ view, from, to }: { view: MigrationView; from: number; to: number }) {
  const { rounds, stopAndCopy, downtime } = view;
  return (
    <section className="migration-report" aria-label="Live migration" data-testid="migration-report">
      <h2>
        Live migration: machine {from} → machine {to}{' '}
        <span data-testid="migration-phase">({view.phase})</span>
      </h2>
      <p>
        Pre-copy over a simulated link of {LINK.pagesPerRound} pages (4 KiB) per {LINK.roundMs} ms, while the
        source runs; stop-and-copy when at most {LINK.dirtyThreshold} pages are dirty or after{' '}
        {LINK.maxRounds} rounds.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">round</th>
            <th scope="col">pages sent</th>
            <th scope="col">bytes</th>
            <th scope="col">dirty left</th>
          </tr>
        </thead>
        <tbody>
          {rounds.map((r) => (
            <tr key={r.round}>
              <td>{r.round}</td>
              <td>{r.pages}</td>
              <td>{formatBytes(r.bytes)}</td>
              <td>{r.dirtyLeft}</td>
            </tr>
          ))}
          {stopAndCopy && (
            <tr>
              <td>stop-and-copy</td>
              <td>{stopAndCopy.pages}</td>
              <td>
                {formatBytes(stopAndCopy.bytes)} (incl. {formatBytes(stopAndCopy.stateBytes)} CPU and device
                state)
              </td>
              <td>0</td>
            </tr>
          )}
        </tbody>
      </table>
      <p data-testid="migration-summary">
        {rounds.length} round{rounds.length === 1 ? '' : 's'}, {formatBytes(view.totalBytes)} in all
        {downtime &&
          `; downtime ${downtime.ms.toFixed(1)} ms, about ${downtime.instructions} instructions at the source's speed; resumed at step ${view.resumedAt}`}
        .
      </p>
      {view.error && <p role="alert">Migration failed: {view.error}</p>}
    </section>
  );
}
