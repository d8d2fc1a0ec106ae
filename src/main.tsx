/** The app entry: render the page; it starts (and if need be restarts) the emulator worker itself. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../ui/App';
import { connectEmulator } from './worker/client';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App connect={connectEmulator} />
  </StrictMode>,
);
