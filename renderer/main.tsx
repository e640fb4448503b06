/**
 * The UI's entry: picks the transport (the desktop app's preload API when present, else the WebSocket of the
 * picket serve that served this page), makes the stores follow the engine, and renders the wizard.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { PicketDesktopApi } from '../provisioning/contract/desktop-bridge.ts';
import { pickTransport } from './api/pick-transport.ts';
import { App } from './app.tsx';
import { AppProvider } from './app-context.tsx';
import { connectStores, createStores } from './store/connect-stores.ts';
import { createWizardStore } from './store/wizard-store.ts';
import './styles/app.css';

const page = window as Window & { picket?: PicketDesktopApi };
const client = pickTransport({ ...(page.picket ? { picket: page.picket } : {}), location: window.location });
const stores = createStores();
connectStores(client, stores);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <AppProvider services={{ client, stores, wizard: createWizardStore() }}>
      <App />
    </AppProvider>
  </StrictMode>,
);
