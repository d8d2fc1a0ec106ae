/** The debugger panels: pure components, data and callbacks in through props (see each file's header). */
export { CsrPanel, type CsrPanelProps, type CsrValues } from './CsrPanel';
export { DisassemblyView, type DisassemblyViewProps } from './DisassemblyView';
export { MemoryView, type MemoryRead, type MemoryViewProps } from './MemoryView';
export { PrivilegeIndicator, type PrivilegeIndicatorProps } from './PrivilegeIndicator';
export { RegisterFile, type RegisterFileProps } from './RegisterFile';
export { Terminal, type TerminalProps } from './Terminal';
export { TrapLog, type TrapLogEntry, type TrapLogProps } from './TrapLog';
export { KeyboardHelp } from './KeyboardHelp';
