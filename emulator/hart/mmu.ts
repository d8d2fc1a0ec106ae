import { MSTATUS_MXR, MSTATUS_SUM, SATP_MODE_SV39 } from './csr-state';
import { accessFault, type Hart, pageFault } from './hart';
import { Access, type AccessType, Priv } from './privilege';

/**
 * Sv39 address translation (privileged spec, "Sv39: Page-Based 39-bit Virtual-Memory System" and the
 * "Virtual Address Translation Process" it refers to). A virtual address is 39 bits, sign-extended to 64;
 * a page table has 512 entries of 8 bytes; three levels; leaves may be 4 KiB, 2 MiB or 1 GiB pages.
 *
 * Accessed and dirty bits are set by the hardware walk (as QEMU does), which the spec permits.
 */

const PTE_V = 1 << 0;
const PTE_R = 1 << 1;
const PTE_W = 1 << 2;
const PTE_X = 1 << 3;
const PTE_U = 1 << 4;
const PTE_A = 1 << 6;
const PTE_D = 1 << 7;
const PAGE_SIZE = 4096;
const LEVELS = 3;
const TWO_32 = 2 ** 32;

/** Translation mode in effect for this access: Sv39 only below M-mode (or with MPRV's effective mode). */
export function installTranslation(h: Hart): void {
  const sv39 = h.csr.satpHi >>> 28 === SATP_MODE_SV39;
  h.paging = sv39;
  h.translate = sv39
    ? (lo, hi, access) => translateSv39(h, lo, hi, access)
    : (lo, hi, access) => h.translateBare(lo, hi, access);
}

function translateSv39(h: Hart, vLo: number, vHi: number, access: AccessType): number {
  const priv = access === Access.Fetch ? h.priv : h.dataPrivilege();
  if (priv === Priv.M) return h.translateBare(vLo, vHi, access);

  // Bits 63:39 must all equal bit 38.
  const top = vHi >> 6; // bits 63:38 as a signed number: all zeros or all ones
  if (top !== 0 && top !== -1) h.raise64(pageFault(access), vLo, vHi);

  const vpn0 = (vLo >>> 12) & 0x1ff;
  const vpn1 = (vLo >>> 21) & 0x1ff;
  const vpn2 = ((vLo >>> 30) | (vHi << 2)) & 0x1ff;
  const mstatus = h.csr.mstatus;
  // satp.PPN is bits 43:0; the root table's physical address is PPN × 4096.
  let table = ((h.csr.satpHi & 0xfff) * TWO_32 + (h.csr.satpLo >>> 0)) * PAGE_SIZE;

  for (let level = LEVELS - 1; level >= 0; level--) {
    const pteAddress = table + (level === 2 ? vpn2 : level === 1 ? vpn1 : vpn0) * 8;
    // The walk's own accesses are checked by PMP as S-mode reads; a failure is an access fault.
    if (!h.pmp.allows(pteAddress, 8, Access.Load, Priv.S) || !h.readPhysical64(pteAddress)) {
      h.raise64(accessFault(access), vLo, vHi);
    }
    let pteLo = h.physicalLo;
    const pteHi = h.physicalHi;

    if (!(pteLo & PTE_V) || (!(pteLo & PTE_R) && pteLo & PTE_W)) h.raise64(pageFault(access), vLo, vHi);
    // Bits 63:54 are reserved (Svpbmt/Svnapot are not implemented): a PTE using them is invalid.
    if (pteHi >>> 22 !== 0) h.raise64(pageFault(access), vLo, vHi);
    const ppn = (pteHi & 0x3fffff) * 2 ** 22 + (pteLo >>> 10);

    if (!(pteLo & (PTE_R | PTE_X))) {
      // A pointer to the next level; the last level may not be one. (Non-leaf D, A and U bits are reserved
      // for software to clear; like QEMU we do not fault on them.)
      if (level === 0) h.raise64(pageFault(access), vLo, vHi);
      table = ppn * PAGE_SIZE;
      continue;
    }

    // A leaf: check permissions.
    if (priv === Priv.U && !(pteLo & PTE_U)) h.raise64(pageFault(access), vLo, vHi);
    if (priv === Priv.S && pteLo & PTE_U && (access === Access.Fetch || !(mstatus & MSTATUS_SUM))) {
      h.raise64(pageFault(access), vLo, vHi);
    }
    const allowed =
      access === Access.Fetch
        ? pteLo & PTE_X
        : access === Access.Load
          ? pteLo & PTE_R || (mstatus & MSTATUS_MXR && pteLo & PTE_X)
          : pteLo & PTE_W;
    if (!allowed) h.raise64(pageFault(access), vLo, vHi);

    // A superpage's low PPN fields must be zero.
    const superpageMask = level === 0 ? 0 : 2 ** (9 * level) - 1;
    if (ppn % (superpageMask + 1) !== 0) h.raise64(pageFault(access), vLo, vHi);

    // Set A (and D for a store) in the PTE, as the spec's hardware-update option describes.
    const wanted = PTE_A | (access === Access.Store ? PTE_D : 0);
    if ((pteLo & wanted) !== wanted) {
      pteLo |= wanted;
      if (!h.pmp.allows(pteAddress, 8, Access.Store, Priv.S) || !h.writePhysical32(pteAddress, pteLo)) {
        h.raise64(accessFault(access), vLo, vHi);
      }
    }

    // Physical address: the PTE's PPN, with the untranslated low VPN fields of a superpage.
    const pageOffset = vLo & 0xfff;
    const low = level === 0 ? 0 : level === 1 ? vpn0 * PAGE_SIZE : vpn1 * 2 ** 21 + vpn0 * PAGE_SIZE;
    const pa = ppn * PAGE_SIZE + low + pageOffset;
    if (pa >= TWO_32) h.raise64(accessFault(access), vLo, vHi); // nothing lives above 4 GiB on this board
    return pa;
  }
  return h.raise64(pageFault(access), vLo, vHi);
}
