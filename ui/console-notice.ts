/** The line the console shows where the worker dropped a flooding guest's older output. */
export function droppedNotice(dropped: number): Uint8Array {
  return new TextEncoder().encode(`\r\n[hartscope: ${dropped} bytes of output dropped]\r\n`);
}
