import { useEffect, useRef, useState } from 'react';
import {
  encodeShareLink,
  forgetShareInLocation,
  readShareFromLocation,
  type ShareRequest,
  type ShareState,
} from '../../src/share/share-link';

/**
 * On open, a share link in the address bar (src/share/) is read once: its program goes into the editor and
 * its firmware is chosen, and nothing runs (the user presses Run). A damaged link's message is returned for
 * the page's alert; the link is then removed from the address bar, so a reload keeps the user's edits.
 */
export function useSharedProgram(open: (state: ShareState) => void): string | null {
  const [error, setError] = useState<string | null>(null);
  const openRef = useRef(open);
  useEffect(() => {
    openRef.current = open;
  });
  useEffect(() => {
    let live = true;
    void readShareFromLocation().then((r) => {
      if (!live || r === null) return;
      if (r.ok) openRef.current(r.state);
      else setError(`Share link: ${r.error}`);
      forgetShareInLocation();
    });
    return () => {
      live = false;
    };
  }, []);
  return error;
}

/** Copies a link that opens the editor's program (and the firmware choice) to the clipboard. */
export function ShareButton({ request }: { request: ShareRequest }) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const share = async () => {
    try {
      const link = await encodeShareLink(request, location.href);
      await navigator.clipboard.writeText(link);
      setMessage({ text: `link copied (${link.length.toLocaleString('en-US')} characters)`, error: false });
    } catch (e) {
      setMessage({ text: e instanceof Error ? e.message : String(e), error: true });
    }
  };
  return (
    <>
      <button type="button" onClick={() => void share()} title="Copy a link that opens this program">
        Share
      </button>
      {message && (
        <output
          className={message.error ? 'share-message error' : 'share-message'}
          data-testid="share-message"
        >
          {message.text}
        </output>
      )}
    </>
  );
}
