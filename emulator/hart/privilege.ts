/** Privilege modes, encoded as in mstatus.MPP (privileged spec, "Privilege Levels"). */
export const Priv = { U: 0, S: 1, M: 3 } as const;
export type PrivilegeMode = (typeof Priv)[keyof typeof Priv];

export const PRIV_NAMES: Record<number, string> = { 0: 'U', 1: 'S', 3: 'M' };

/** What a memory access is for: it decides the permission checked and the fault raised. */
export const Access = { Fetch: 0, Load: 1, Store: 2 } as const;
export type AccessType = (typeof Access)[keyof typeof Access];
