/** The app entry: start the emulator worker and render the page around it. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../ui/App';
import { connectEmulator } from './worker/client';

const { api } = connectEmulator();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
