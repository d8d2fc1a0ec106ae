import type { MachineStateView } from '../../src/worker/emulator-api';
import type { ShareRequest } from '../../src/share/share-link';
import { MachineStatusBar } from '../MachineStatusBar';
import { OpenElfButton } from '../ProgramPicker';
import { ViewTabs, type ViewTab } from '../teaching/ViewTabs';
import type { EmulatorView } from '../useEmulator';
import { MachineTools } from './MachineTools';
import { ShareButton } from './share';

/**
 * The strip under the header, just above the views it switches: the view tabs, the machine's status (program,
 * pc, mode, instructions retired, why it stopped), and the less frequent actions on the program and the
 * machine (open an ELF, share a link, snapshots, boot time) with the RAM in use.
 */
export function AppToolbar({
  tab,
  onTab,
  state,
  emu,
  onOpenElf,
  share,
}: {
  /** The selected view's tab, or null when the Machines view is shown instead. */
  tab: ViewTab | null;
  onTab(t: ViewTab): void;
  state: MachineStateView | null;
  emu: EmulatorView;
  onOpenElf(file: File): void;
  share: ShareRequest;
}) {
  return (
    <section className="app-toolbar" aria-label="Views, machine status and tools">
      <ViewTabs tab={tab} onTab={onTab} />
      {state && <MachineStatusBar state={state} />}
      <div className="spacer" />
      <div className="app-file-tools" role="group" aria-label="Program file">
        <OpenElfButton onOpenElf={onOpenElf} />
        <ShareButton request={share} />
      </div>
      <MachineTools emu={emu} />
    </section>
  );
}
